#!/bin/sh
# The image's install steps, in one place: the Dockerfile runs them, and
# tests/test_image.py runs the very same commands in a fresh virtual environment (CI has no
# Docker engine).
#
#   sh docker/install.sh wheels DIR    build or fetch a wheel of every requirement into DIR
#                                      (run where pyproject.toml and requirements-nlp.txt are)
#   sh docker/install.sh install DIR   install those wheels, and nothing from the network
#
# WITH_SPACY=true adds the `nlp` extra (spaCy) and the English pipeline, pinned by hash in
# requirements-nlp.txt; the default image goes without (entities use the rule backend).
set -eu
step="$1"
wheels="$2"
with_spacy="${WITH_SPACY:-false}"
pip="${PIP:-python -m pip}"

case "$step" in
wheels)
    mkdir -p "$wheels"
    python docker/requirements.py "$with_spacy" > "$wheels/requirements.txt"
    $pip wheel --no-cache-dir --wheel-dir "$wheels" -r "$wheels/requirements.txt"
    if [ "$with_spacy" = true ]; then
        $pip download --no-cache-dir --no-deps --require-hashes -d "$wheels" -r requirements-nlp.txt
    fi
    ;;
install)
    $pip install --no-cache-dir --no-index "$wheels"/*.whl
    ;;
*)
    echo "usage: install.sh wheels|install DIR" >&2
    exit 2
    ;;
esac
