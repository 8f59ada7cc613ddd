"""The Python peer of scripts/bench.sh and scripts/bench-mail.sh: read Date, From and
Message-ID of every message of an mbox with the standard library, as a burnout tool needs."""
import mailbox
import sys
from email.parser import BytesHeaderParser

parser = BytesHeaderParser()
box = mailbox.mbox(sys.argv[1], factory=lambda f: parser.parse(f), create=False)
n = dated = 0
for msg in box:
    n += 1
    dated += bool(msg["Date"])
    _ = (msg["From"], msg["Message-ID"])
print(n, dated)
