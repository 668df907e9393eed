"""manage.py audit_verify [--from-id N] — recompute the audit trail's hash chain, report the first break.

Reads the table in id order, a chunk at a time (keyset on the primary key), so memory stays bounded
whatever the size of the log, then checks every signed anchor (``manage.py audit_anchor``): an anchored
event that is missing or re-hashed, or fewer events than anchored, is a break. Exit status 0 and
"OK: N events verified, M anchors agree", or status 1 and the first
broken link: which event, when, and whether its content was altered or the chain was cut before it.

The login log (sign-ins, failures, lockouts, sign-outs) is chained with the same key and checked after the
audit trail ("login log: K entries verified"); a break there is reported the same way (status 1).
``--login-log-only`` / ``--audit-only`` check one of them.
"""

from django.core.management.base import BaseCommand, CommandError

from apps.audit.anchors import read_anchors
from apps.audit.chain import LOGIN_LOG, verify


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain; exit status 1 at the first broken link."

    def add_arguments(self, parser):
        parser.add_argument("--from-id", type=int, default=0, help="start at this event id")
        parser.add_argument("--chunk", type=int, default=5000, help="rows read per query")
        parser.add_argument("--audit-only", action="store_true", help="do not check the login log")
        parser.add_argument("--login-log-only", action="store_true", help="check only the login log")

    def handle(self, *args, from_id=0, chunk=5000, **options):
        if from_id < 0 or chunk < 1:
            raise CommandError("--from-id must be ≥ 0 and --chunk ≥ 1")

        def progress(n):
            if options.get("verbosity", 1) > 1:
                self.stderr.write(f"… {n} events verified")

        login_only = options.get("login_log_only")
        if not login_only:
            result = verify(from_id=from_id, chunk=chunk, progress=progress)
            if result.first_break:
                b = result.first_break
                self.stdout.write(f"BROKEN after {result.checked} good events: {b}")
                raise CommandError(f"audit chain broken at {b}", returncode=1)
            anchors = len(read_anchors()) if from_id == 0 else 0
            self.stdout.write(f"OK: {result.checked} events verified, {anchors} anchors agree")
        if options.get("audit_only"):
            return
        logins = verify(chunk=chunk, chain=LOGIN_LOG)
        if logins.first_break:
            b = logins.first_break
            detail = str(b).replace("event #", "login-log entry #", 1)
            self.stdout.write(f"LOGIN LOG BROKEN after {logins.checked} good entries: {detail}")
            raise CommandError(f"login log chain broken at {detail}", returncode=1)
        self.stdout.write(f"OK: login log: {logins.checked} entries verified")
