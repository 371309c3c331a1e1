#!/bin/sh
# Makes a private CA and the broker's server certificate for the compose stack (development and test only; use
# your organisation's CA in production). Output: compose/certs/{ca.pem, server.pem, server-key.pem, <hash>.0}.
# The private keys are not committed (.gitignore).
set -eu
cd "$(dirname "$0")"
openssl req -x509 -newkey rsa:3072 -nodes -days 825 -subj "/CN=gpo-compose-ca" -keyout ca-key.pem -out ca.pem
openssl req -newkey rsa:3072 -nodes -subj "/CN=rabbitmq" -keyout server-key.pem -out server.csr
printf 'subjectAltName=DNS:rabbitmq,DNS:localhost\nextendedKeyUsage=serverAuth\n' > server.ext
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days 825 -extfile server.ext -out server.pem
rm -f server.csr server.ext ca.srl
# The .NET services trust the CA through SSL_CERT_DIR, which OpenSSL reads by subject hash.
ln -sf ca.pem "$(openssl x509 -hash -noout -in ca.pem).0"
chmod 644 ca.pem server.pem server-key.pem
