# The CNN playground as one container: CPU-only torch, a non-root user, Streamlit on :8501.
#   docker build -t cnnviz .
#   docker run --rm -p 8501:8501 --tmpfs /tmp cnnviz      # then http://localhost:8501
# Several replicas behind nginx with sticky sessions: deploy/docker-compose.yml, deploy/kubernetes/.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# torch first, from PyTorch's CPU-only index (no CUDA libraries: ~200 MB instead of ~2.5 GB),
# at the version requirements.txt pins; then the rest of requirements.txt (torch already met)
COPY requirements.txt .
RUN python -m pip install --index-url https://download.pytorch.org/whl/cpu \
        "torch==$(sed -n 's/^torch==\([^ ]*\).*/\1/p' requirements.txt)" \
 && python -m pip install -r requirements.txt

RUN useradd --create-home --uid 10001 --shell /usr/sbin/nologin app
COPY --chown=app:app . .
USER app

EXPOSE 8501
# Streamlit's own health endpoint (python: the slim image has no curl)
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"

# Mount /tmp as tmpfs (compose and Kubernetes do): nothing a user uploads reaches a disk.
# runner.postScriptGC=false: Streamlit's full garbage collection after every script run held
# the GIL for 59 % of the server's busy time under load (py-spy; README, "Serving a class").
CMD ["streamlit", "run", "app.py", \
     "--server.address=0.0.0.0", "--server.port=8501", "--server.headless=true", \
     "--server.fileWatcherType=none", "--browser.gatherUsageStats=false", \
     "--runner.postScriptGC=false"]
