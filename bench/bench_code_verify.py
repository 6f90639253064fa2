"""Offline verification of the personal code (一人一码) on one core, as a gate holding the
public keys and the revocation list does it (``onething.cards.rules.codes.verify``: decode,
look the key up, check the Ed25519 signature, the validity period and the revocation
list), next to the raw signature-verify rate of the library (PyNaCl on libsodium) in the
same run. Target: at least 10,000 codes per second per core (issue 7)."""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from common import say

TARGET = 10_000
SECONDS = 2.0


def _rate(step, seconds: float = SECONDS) -> float:
    """Calls per second of ``step`` (a batch of 100 calls) over ``seconds``."""
    done, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        step()
        done += 100
    return done / elapsed


def main() -> int:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})  # one core
    from nacl.signing import SigningKey

    from onething.cards.rules import codes
    from onething.core.signing import unb64

    now = dt.datetime.now(dt.UTC)
    keys = {kid: SigningKey.generate() for kid in (1, 2, 3)}
    public = {kid: key.verify_key for kid, key in keys.items()}
    claims = codes.Claims(2, 4735, 42, "municipal", now, now + dt.timedelta(days=365))
    code = codes.encode(claims, keys[2])
    revoked = set(range(1_000_000, 1_002_000))  # a revocation list of 2,000 serials
    assert codes.verify(code, public, now=now, revoked=revoked).valid

    raw = unb64(code[len(codes.PREFIX) :])
    message, signature = raw[codes.SIGNATURE :], raw[: codes.SIGNATURE]
    verify_key = public[2]

    def anchor() -> None:
        for _ in range(100):
            verify_key.verify(message, signature)

    def figure() -> None:
        for _ in range(100):
            codes.verify(code, public, now=now, revoked=revoked)

    anchor()
    figure()  # warm up
    raw_rate, code_rate = _rate(anchor), _rate(figure)
    say(f"PyNaCl Ed25519 verify (anchor):      {raw_rate:10,.0f} /s on one core")
    say(f"personal code verify (figure):       {code_rate:10,.0f} /s on one core")
    say(
        f"ratio figure / anchor: {code_rate / raw_rate:.2f}; target {TARGET:,}/s: "
        f"{'met' if code_rate >= TARGET else 'NOT met'}"
    )
    return 0 if code_rate >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
