// The help text: what `stagegate help`, a bare `stagegate` and any usage error print.

export const USAGE = `Usage: stagegate <command> [options]

Commands:
  validate <file>... [--settings <stagegate.yml>]
      Check rollout plans (.github/rollouts/<name>.yml) and settings files
      (.github/stagegate.yml). Prints "<file>: ok" for each good file; otherwise
      "<file>:<line>:<col>: <message>" lines on stderr.
      Without --settings, a plan's roles are checked against the .github/stagegate.yml
      of the repository that holds it, when there is one.

  simulate <plan> --start <ISO-8601> [--settings <stagegate.yml>] [--json]
      The projected timeline: when each stage would be entered if every sign-off and
      exit item were ticked at once and every gate passed, given bake times, business
      hours and freezes. A --start without Z or an offset is read in the calendar's
      time zone. --json prints {"rollout": ..., "stages": [{"name", "percent", "enter"}]}.

  help
      This text.

  --version
      The installed version.

Exit status: 0 when everything is valid, 1 when a file has problems, 2 for a wrong command line.
`;
