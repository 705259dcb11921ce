#!/usr/bin/env bash
# No call of the C library's unbounded string or unchecked number functions
# in app/, ui/, plugins/ or tests/ (curl's list): each has a bounded or
# checked twin. Tests are held to it too: they are copied from.
#   scripts/check_banned_calls.sh [ROOT]    ROOT: the source tree (default: this repository)
# Prints one line per call ("file:line: NAME is banned: use ...") and exits 1
# when there is any, 0 when there is none. Comments and strings do not count.
set -euo pipefail

root=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
cd "$root"

find app ui plugins tests -name '*.[ch]' -print0 | sort -z | xargs -0 perl -e '
  my %instead = (sprintf => "snprintf", vsprintf => "vsnprintf", gets => "fgets",
    strcpy => "snprintf or memcpy with a known length", strcat => "snprintf at the end",
    strncpy => "snprintf (strncpy may leave no NUL)", strtok => "strtok_r or strsep",
    atoi => "strtol with an end and range check", atol => "strtol with an end check",
    atoll => "strtoll with an end check", atof => "strtod with an end check");
  my $names = join "|", sort keys %instead;
  my $bad = 0;
  for my $file (@ARGV) {
    open my $fh, "<", $file or die "$file: $!\n";
    my $text = do { local $/; <$fh> };
    # comments, strings and character constants turn to blanks; their newlines stay
    $text =~ s{/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\x27(?:\\.|[^\x27\\\n])*\x27}{$& =~ s/[^\n]/ /gr}gse;
    my $n = 0;
    for my $line (split /\n/, $text) {
      $n++;
      while ($line =~ /(?<![\w.>])($names)\s*\(/g) {
        print "$file:$n: $1 is banned: use $instead{$1}\n";
        $bad = 1;
      }
    }
  }
  exit $bad;
' && status=0 || status=$?

if [ $status -ne 0 ]; then
  echo "check_banned_calls: banned calls above; the list is in scripts/check_banned_calls.sh" >&2
  exit 1
fi
echo "check_banned_calls: no banned call"
