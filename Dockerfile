# Asisten JF Perdagangan: one image for `python -m bot serve` and `python -m bot migrate`.
# Build: docker build -t asisten-jf:latest .   (docs/deploy.md; compose.yaml uses it)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# Every runtime dependency at the exact version the test suite ran with (generated from
# pyproject.toml's dependencies; tests/unit/test_deploy_files.py checks they agree).
COPY requirements.lock ./
RUN pip install --no-compile -r requirements.lock

# The code and the knowledge data (regulations, tables, search index) are baked in.
COPY pyproject.toml alembic.ini ./
COPY knowledge ./knowledge
COPY handlers ./handlers
COPY storage ./storage
COPY bot ./bot

RUN groupadd --system --gid 10001 asisten \
    && useradd --system --uid 10001 --gid asisten --home-dir /app --shell /usr/sbin/nologin asisten \
    && mkdir -p /app/var/dokumen \
    && chown -R asisten:asisten /app/var

ENV SERVE_HOST=0.0.0.0 \
    SERVE_PORT=8000 \
    LOG_FORMAT=json \
    LOG_FILE=/app/var/bot.log \
    DOCUMENTS_DIR=/app/var/dokumen

USER asisten
EXPOSE 8000

# slim has no curl: ask /healthz with the standard library.
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:' + os.environ.get('SERVE_PORT', '8000') + '/healthz', timeout=4)"]

CMD ["python", "-m", "bot", "serve"]
