# The optiviz web app as a container.
#   docker build -t optiviz .
#   docker run --rm -p 5006:5006 optiviz            # then open http://localhost:5006
# Served under another name, allow that origin too:
#   docker run --rm -p 80:5006 -e OPTIVIZ_ORIGIN=lab.example.org optiviz
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /opt/optiviz
COPY pyproject.toml README.md ./
COPY surfaces surfaces
COPY optim optim
COPY app app
COPY testing testing
RUN pip install ".[app]" \
    && useradd --create-home --uid 10001 optiviz

USER optiviz
ENV OPTIVIZ_CACHE=/home/optiviz/.cache/optiviz/jax \
    OPTIVIZ_ORIGIN=localhost:5006
EXPOSE 5006
HEALTHCHECK --interval=30s --timeout=5s --start-period=90s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:5006/liveness', timeout=4)"]
CMD ["sh", "-c", "exec optiviz serve --address 0.0.0.0 --port 5006 --allow-websocket-origin \"$OPTIVIZ_ORIGIN\""]
