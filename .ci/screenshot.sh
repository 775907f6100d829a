#!/usr/bin/env bash
# make screenshot: runs the real app under Xvfb on a seeded data directory
# (several tagged notes, one selected) and writes docs/screenshot.png.
# Needs: xvfb xauth xdotool imagemagick (installed by `make screenshot-deps`).
set -euo pipefail
bin=${1:-bin/sfnotes}
out=${2:-docs/screenshot.png}
theme=${FYNE_THEME:-light}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp/home" XDG_RUNTIME_DIR="$tmp/run" SFNOTES_DATA="$tmp/data" SFNOTES_KEYRING=off
mkdir -p "$HOME" && mkdir -m 0700 "$XDG_RUNTIME_DIR"

s() { "$bin" "$@" >/dev/null; }
s new --title "Groceries" --text $'Milk, eggs, sourdough\nTomatoes and basil for Sunday\nCoffee beans (the Ethiopian ones)' --tag Home
s new --title "Trip to Lisbon" --text $'Flights: TAP 1234, 08:40 from Gate B\nHotel near Alfama: check-in after 15:00\n\nDay 1: Belém, pastéis, LX Factory\nDay 2: Sintra by train from Rossio' --tag Travel --tag Ideas
s new --title "Sync design notes" --text $'Saved items merge metadata only: the user may have typed more.\nA dirty local item is never overwritten by retrieved data.\nConflicts keep both versions; tags follow the copy.' --tag Work
s new --title "Reading list" --text $'The Pragmatic Programmer\nDesigning Data-Intensive Applications\nA Philosophy of Software Design' --tag Ideas
s new --title "Meeting 14 Nov" --text $'Agenda: release 0.2, packaging for Windows, keyring fallback' --tag Work
id=$("$bin" new --title "Weekly plan" --text $'Mon: finish the editor chips\nTue: real-server suite in CI\nWed: benchmarks against the JS client\nThu: screenshots for the README\nFri: write the release notes ✓' --tag Work --tag Home)
# Make "Weekly plan" the newest, so it is first and selected.
sleep 1
"$bin" edit "$id" --title "Weekly plan" >/dev/null

xvfb-run -a -s "-screen 0 1280x800x24" bash -c '
  set -e
  FYNE_THEME='"$theme"' "'"$bin"'" 2>"'"$tmp"'/app.log" & pid=$!
  wid=$(timeout 60 xdotool search --sync --onlyvisible --name "^sfnotes$" | head -1)
  [ -n "$wid" ] || { echo "no window appeared"; cat "'"$tmp"'/app.log"; exit 1; }
  # Without a window manager a resize sent before the window has settled is
  # lost: wait, resize, and check.
  sleep 1.5
  xdotool windowsize "$wid" 1280 800
  sleep 3
  kill -0 $pid || { echo "the app exited"; cat "'"$tmp"'/app.log"; exit 1; }
  import -window root "'"$out"'"
  kill -TERM $pid; wait $pid || true
'
echo "wrote $out"
