#!/bin/sh
# Entrypoint of the redis service: render the ACL file from its template, then hand over to
# the image's own entrypoint (which drops to the `redis` user and starts the command).
#
# Redis cannot read environment variables in redis.conf or in an ACL file, and a password on
# the command line shows in `ps` and `docker inspect`; so each role's password arrives in
# the environment and only its SHA-256 is written, to a file outside the data volume.
set -eu

: "${REDIS_PASSWORD:?REDIS_PASSWORD is not set}"
: "${REDIS_PRODUCER_PASSWORD:?REDIS_PRODUCER_PASSWORD is not set}"
: "${REDIS_CONSUMER_PASSWORD:?REDIS_CONSUMER_PASSWORD is not set}"
template="${REDIS_ACL_TEMPLATE:-/usr/local/etc/redis/users.acl.template}"
acl_file="${REDIS_ACL_FILE:-/run/redis/users.acl}"

sha256() { printf '%s' "$1" | sha256sum | cut -d ' ' -f 1; }

umask 077
mkdir -p "$(dirname "$acl_file")"
sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' \
    -e "s/@INGEST_PASSWORD_SHA256@/$(sha256 "$REDIS_PASSWORD")/" \
    -e "s/@PRODUCER_PASSWORD_SHA256@/$(sha256 "$REDIS_PRODUCER_PASSWORD")/" \
    -e "s/@CONSUMER_PASSWORD_SHA256@/$(sha256 "$REDIS_CONSUMER_PASSWORD")/" \
    "$template" > "$acl_file"

# Started as root, the image's entrypoint runs redis-server as `redis`: hand it the file.
if [ "$(id -u)" = 0 ] && id redis > /dev/null 2>&1; then
    chown redis:redis "$(dirname "$acl_file")" "$acl_file"
fi

exec docker-entrypoint.sh "$@"
