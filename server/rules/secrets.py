"""Tokens, PINs and passwords: generated here, stored only as hashes."""

import hashlib
import hmac
import secrets

VISITOR_CODE_BYTES = 16  # 128 bits; the contract asks for at least 96
_SCRYPT = dict(n=2**14, r=8, p=1, dklen=32)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_visitor_code() -> str:
    return secrets.token_urlsafe(VISITOR_CODE_BYTES)


def token_hash(token: str) -> str:
    """Tokens are long and random, so one fast hash is enough to hide them at rest."""
    return hashlib.sha256(token.encode()).hexdigest()


def hash_secret(secret: str) -> str:
    """Slow salted hash for human-chosen secrets (PINs, passwords)."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, **_SCRYPT)
    return f"scrypt${salt.hex()}${digest.hex()}"


def verify_secret(secret: str, stored: str | None) -> bool:
    if not stored or not stored.startswith("scrypt$"):
        return False
    _, salt_hex, digest_hex = stored.split("$")
    digest = hashlib.scrypt(secret.encode(), salt=bytes.fromhex(salt_hex), **_SCRYPT)
    return hmac.compare_digest(digest.hex(), digest_hex)
