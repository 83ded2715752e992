#!/usr/bin/env bash
# Prints docs/cli-reference.md: the --help of every ssmflow command and subcommand, as the jar
# answers it, so the flag reference cannot drift from the code. Regenerate after changing a flag:
#
#   scripts/cli-reference.sh > docs/cli-reference.md
#
# Uses starter/target/ssmflow.jar (build it first: ./mvnw -B -ntp -pl starter -am package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."
jar=starter/target/ssmflow.jar
[ -f "$jar" ] || { echo "cli-reference: $jar is missing: build it first" >&2; exit 2; }

help() { java -jar "$jar" "$@" --help 2>&1; }

# The command tree from the root help: a command's subcommands are listed under "Commands:".
subcommands() {
  help "$@" | awk '/^Commands:/ {on=1; next} on && /^  [a-z]/ {print $1}'
}

echo "# ssmflow command reference"
echo
echo "Every command's \`--help\`, generated from the jar by \`scripts/cli-reference.sh\`; do not"
echo "edit by hand. Environment variables and files: [configuration.md](configuration.md)."
echo
for cmd in $(subcommands); do
  [ "$cmd" = help ] && continue
  echo "## ssmflow $cmd"
  echo
  echo '```'
  help "$cmd"
  echo '```'
  echo
  for sub in $(subcommands "$cmd"); do
    [ "$sub" = help ] && continue
    echo "### ssmflow $cmd $sub"
    echo
    echo '```'
    help "$cmd" "$sub"
    echo '```'
    echo
  done
done
