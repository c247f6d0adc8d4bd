/** The `slack-scim-emulator --help` text. */
export const usage = `Usage: slack-scim-emulator [options]

A local server that answers like Slack's SCIM API: SCIM 1.1 under /scim/v1/, SCIM 2.0 under /scim/v2/.

Server
  --port N                   port to listen on, 0-65535 (default 8787; 0 picks a free one)
  --host H                   interface to bind (default 127.0.0.1)
  --token T                  accepted admin token (default xoxp-slack-scim-emulator)
  --file PATH                keep the org in PATH (created if missing) instead of memory
  --seed-users N             generate N users when the org is empty
  --seed-groups N            generate N groups when the org is empty
  --seed N                   random seed of the generated org (default 1)

Slack's behaviour
  --rate-limits MODE         slack | off: Slack's published rate limits (default off)
  --lock-window MS           an applied write locks its user or group for MS ms; another write to it
                             meanwhile gets 429 resource_locked (default 0)
  --deactivation-delay MS    reads still show a deactivated user as active for MS ms (default 0)
  --photo-delay MS           reads still show the previous photo for MS ms after a write sets one
                             (default 0)
  --strict-content-type      415 for a body that is not application/json or application/scim+json
  --v2-error-style KIND      mixed | rfc | legacy: SCIM 2.0 error bodies (default mixed: the 1.1 shape
                             for 401, RFC 7644's otherwise)
  --rate-limit-error-body B  legacy | version: 429 bodies in the 1.1 shape on both versions, or in the
                             version's own shape (default legacy)

Faults
  --latency MS               delay every answer by MS ms
  --fault SPEC               inject a fault (repeatable): the items of the x-emulator-fault header plus
                             match=METHOD /Path and times=N|Infinity (default 1), or the JSON that
                             POST /_emulator/faults takes. Example:
                               --fault "match=POST /Users; status=429; retry-after=0; times=2"

  -h, --help                 this text
  -v, --version              the version

One request's fault, header x-emulator-fault (items status=, retry-after=, code=, reset=, latency=,
truncate, html), e.g. a 503 for this request only:
  curl -H "x-emulator-fault: status=503; retry-after=2" -H "authorization: Bearer $TOKEN" \\
    http://127.0.0.1:8787/scim/v2/Users

Control routes (admin token; TOKEN=xoxp-slack-scim-emulator unless --token says otherwise):
  POST /_emulator/faults     add a fault, or a list of them, for the requests they match
    curl -H "authorization: Bearer $TOKEN" -H "content-type: application/json" \\
      -d '{"match":"GET /Users","status":500,"times":2}' http://127.0.0.1:8787/_emulator/faults
  GET /_emulator/faults      list the faults waiting
    curl -H "authorization: Bearer $TOKEN" http://127.0.0.1:8787/_emulator/faults
  DELETE /_emulator/faults   clear them
    curl -X DELETE -H "authorization: Bearer $TOKEN" http://127.0.0.1:8787/_emulator/faults
  POST /_emulator/reset      back to the initial org, full rate-limit buckets, no locks, no faults
    curl -X POST -H "authorization: Bearer $TOKEN" http://127.0.0.1:8787/_emulator/reset

Exit codes: 0 stopped (SIGINT, SIGTERM) or --help/--version, 1 could not start (port in use, a damaged
--file), 2 usage error.
`;
