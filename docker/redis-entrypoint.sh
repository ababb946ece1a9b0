#!/bin/sh
# Entrypoint of the redis service: render the ACL file from its template, then hand over to
# the image's own entrypoint (which drops to the `redis` user and starts the command).
#
# Redis cannot read environment variables in redis.conf or in an ACL file, and a password on
# the command line shows in `ps` and `docker inspect`; so the password arrives in
# $REDIS_PASSWORD and only its SHA-256 is written, to a file outside the data volume.
set -eu

: "${REDIS_PASSWORD:?REDIS_PASSWORD is not set}"
template="${REDIS_ACL_TEMPLATE:-/usr/local/etc/redis/users.acl.template}"
acl_file="${REDIS_ACL_FILE:-/run/redis/users.acl}"

umask 077
mkdir -p "$(dirname "$acl_file")"
password_sha256="$(printf '%s' "$REDIS_PASSWORD" | sha256sum | cut -d ' ' -f 1)"
sed -e '/^[[:space:]]*#/d' -e '/^[[:space:]]*$/d' \
    -e "s/@INGEST_PASSWORD_SHA256@/$password_sha256/" \
    "$template" > "$acl_file"

# Started as root, the image's entrypoint runs redis-server as `redis`: hand it the file.
if [ "$(id -u)" = 0 ] && id redis > /dev/null 2>&1; then
    chown redis:redis "$(dirname "$acl_file")" "$acl_file"
fi

exec docker-entrypoint.sh "$@"
