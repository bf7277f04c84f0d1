#!/usr/bin/env bash
# Sets everything up and runs Rapport in development on the embedded database,
# with the demo organisation loaded into an empty database.
#
# E-mail: when SMTP_URL is unset, a local mail catcher (MailDev, an SMTP server with a
# web inbox) is started beside the app and every message the app sends lands in its inbox.
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$ROOT" || exit 1
export NUXT_DEMO_SEED="${NUXT_DEMO_SEED:-true}"
export APP_URL="${APP_URL:-http://localhost:${PORT:-3000}}"

INBOX=""
if [ -z "${SMTP_URL:-}" ]; then
  SMTP_PORT="${MAILDEV_SMTP_PORT:-1025}"
  WEB_PORT="${MAILDEV_WEB_PORT:-1080}"
  mkdir -p .data/maildev
  node node_modules/maildev/dist/bin/maildev.js --ip 127.0.0.1 --web-ip 127.0.0.1 \
    --smtp "$SMTP_PORT" --web "$WEB_PORT" --mail-directory .data/maildev > .data/maildev.log 2>&1 &
  MAILDEV_PID=$!
  trap 'kill "$MAILDEV_PID" 2>/dev/null' EXIT INT TERM
  for _ in $(seq 1 60); do
    if curl -fsS -o /dev/null "http://127.0.0.1:$WEB_PORT/api/email" 2>/dev/null; then break; fi
    if ! kill -0 "$MAILDEV_PID" 2>/dev/null; then
      printf '\033[31m[dev] the mail catcher did not start (see .data/maildev.log); e-mail stays off.\033[0m\n' >&2
      break
    fi
    sleep 0.5
  done
  if kill -0 "$MAILDEV_PID" 2>/dev/null; then
    export SMTP_URL="smtp://127.0.0.1:$SMTP_PORT"
    export MAIL_FROM="${MAIL_FROM:-Rapport <training@acme.example>}"
    INBOX="http://localhost:$WEB_PORT"
  fi
fi

printf '\033[1m[dev]\033[0m app:       %s\n' "$APP_URL"
if [ -n "$INBOX" ]; then
  printf '\033[1m[dev]\033[0m dev inbox: %s   (every e-mail the app sends; the demo's reminders arrive a minute after it is loaded)\n' "$INBOX"
elif [ -n "${SMTP_URL:-}" ]; then
  printf '\033[1m[dev]\033[0m e-mail:    through %s\n' "${SMTP_URL%%\?*}"
fi
npm run dev -- "$@"
