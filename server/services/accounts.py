"""Who may do what: device tokens, desk PIN sessions, organiser logins, departments' links."""

import math
from contextlib import contextmanager
from dataclasses import dataclass

from contract import views as v
from contract.enums import DEVICE_ROLES, Role
from contract.fields import trimmed
from contract.requests import AdminLogin, DeskLogin

from ..rules.day import Day
from ..rules.errors import DeskLocked, InvalidInput, LoginLocked, NotFound, Unauthorized
from ..rules.secrets import hash_secret, new_token, token_hash, verify_secret
from ..rules.validation import require_str
from ..storage import queries as q
from .unit_of_work import UnitOfWork


@dataclass(frozen=True)
class Principal:
    role: str
    token_id: int
    name: str
    desk_id: int | None = None
    department: str | None = None  # a department's token: the one department it answers for


@dataclass(frozen=True)
class DeviceToken:
    """A kiosk's or board's token as the organiser's list shows it (never the token itself)."""

    id: int
    role: str
    name: str
    created_at: str
    revoked_at: str | None


@dataclass(frozen=True)
class Policy:
    max_wrong_pins: int = 5
    lock_seconds: int = 300
    session_hours: float = 14.0


def issue_token(tx, role: str, name: str, *, desk_id=None, hours=None,
                department: str | None = None) -> tuple[str, float | None, int]:
    """A new random token: (the token, shown once; when it expires; its row id).

    Only its hash is stored."""
    token = new_token()
    expires_at = tx.now + hours * 3600 if hours else None
    token_id = tx.insert("tokens", {
        "token_hash": token_hash(token), "role": role, "desk_id": desk_id, "name": name,
        "created_at": tx.now, "expires_at": expires_at, "department": department,
    })
    return token, expires_at, token_id


class Accounts:
    def __init__(self, uow: UnitOfWork, policy: Policy = Policy()):
        self.uow = uow
        self.storage = uow.storage
        self.policy = policy

    def authenticate(self, token: str | None) -> Principal:
        if not token:
            raise Unauthorized("a bearer token is required")
        with self.storage.read_one() as tx:
            row = q.token_by_hash(tx, token_hash(token))
            if row is None or row["revoked_at"] is not None:
                raise Unauthorized("unknown or revoked token")
            if row["expires_at"] is not None and row["expires_at"] < tx.now:
                raise Unauthorized("the token has expired; log in again")
            return Principal(row["role"], row["id"], row["name"], row["desk_id"],
                             row["department"])

    @contextmanager
    def _write_after_check(self, load, stored_hash, secret: str):
        """Check a secret against its stored hash, then open a write transaction.

        The check (scrypt, about 0.1 s) runs between two transactions: inside
        the write one it would hold the process-wide write lock, and every
        ticket issue and call would wait for each login. The row is read again
        in the write transaction, so ``load`` re-applies its refusals (a lock
        set meanwhile) and a hash changed meanwhile (a new PIN) is checked
        again, there, on that rare path.

        Yields (tx, row read in tx, whether the secret matches).
        """
        with self.storage.read() as tx:
            checked = stored_hash(load(tx))
        matches = verify_secret(secret, checked)
        with self.uow.write() as work:
            tx = work.tx
            row = load(tx)
            current = stored_hash(row)
            if current != checked:
                matches = verify_secret(secret, current)
            yield tx, row, matches

    @staticmethod
    def _unlocked_desk(tx, desk_id: int):
        desk = q.desk(tx, desk_id)
        if desk is None:
            raise NotFound(f"desk {desk_id} does not exist")
        if desk["locked_until"] and desk["locked_until"] > tx.now:
            wait = math.ceil(desk["locked_until"] - tx.now)
            raise DeskLocked(
                f"desk {desk['name']} is locked after too many wrong PINs; "
                f"try again in {wait} s", retry_after_seconds=wait,
            )
        return desk

    @staticmethod
    def _unlocked_admin(tx, user: str):
        """The organiser's row, or None for an unknown name (which simply fails)."""
        admin = q.admin(tx, user)
        if admin is not None and admin["locked_until"] and admin["locked_until"] > tx.now:
            wait = math.ceil(admin["locked_until"] - tx.now)
            raise LoginLocked(
                f"too many wrong passwords for {user}; try again in {wait} s",
                retry_after_seconds=wait,
            )
        return admin

    def _misses_after(self, failures: int, now: float) -> dict:
        """The lock columns after one more wrong secret."""
        if failures + 1 >= self.policy.max_wrong_pins:
            return {"locked_until": now + self.policy.lock_seconds, "failures": 0}
        return {"locked_until": None, "failures": failures + 1}

    def desk_session(self, desk_id: int, login: DeskLogin) -> v.DeskSession:
        """Trade a desk's PIN for an operator token; lock the desk after repeated misses."""
        checked = self._write_after_check(
            lambda tx: self._unlocked_desk(tx, desk_id), lambda desk: desk["pin_hash"], login.pin
        )
        with checked as (tx, desk, right):
            if not right:
                miss = self._misses_after(desk["failed_pins"] or 0, tx.now)
                q.set_desk(tx, desk_id, failed_pins=miss["failures"],
                           locked_until=miss["locked_until"])
                wrong = Unauthorized("wrong PIN")
            else:
                wrong = None
                q.set_desk(tx, desk_id, failed_pins=0, locked_until=None)
                token, expires_at, _ = issue_token(
                    tx, Role.OPERATOR, f"desk {desk['name']}", desk_id=desk_id,
                    hours=self.policy.session_hours)
                day = Day.from_row(q.reception(tx))
                answer = v.DeskSession(
                    token=token,
                    desk=v.SessionDesk(id=desk_id, name=desk["name"],
                                       queue_ids=q.desk_queue_ids(tx, desk_id)),
                    expires_at=day.iso(expires_at),
                )
        # Raised after the commit so the miss is counted even though it fails.
        if wrong is not None:
            raise wrong
        return answer

    def admin_session(self, login: AdminLogin) -> v.AdminSession:
        user = trimmed(login.user)
        checked = self._write_after_check(
            lambda tx: self._unlocked_admin(tx, user),
            lambda row: row["password_hash"] if row is not None else None,
            login.password,
        )
        with checked as (tx, admin, right):
            if not right:
                if admin is not None:
                    miss = self._misses_after(admin["failed_logins"], tx.now)
                    q.set_admin_lock(tx, user, miss["failures"], miss["locked_until"])
                wrong = Unauthorized("wrong user name or password")
            else:
                wrong = None
                q.set_admin_lock(tx, user, 0, None)
                token, expires_at, _ = issue_token(
                    tx, Role.ADMIN, user, hours=self.policy.session_hours)
                answer = v.AdminSession(
                    token=token, expires_at=Day.from_row(q.reception(tx)).iso(expires_at))
        # Raised after the commit so the miss is counted even though it fails.
        if wrong is not None:
            raise wrong
        return answer

    def revoke_token(self, token: str) -> None:
        """Log out: the token stops working at once."""
        with self.uow.write() as work:
            row = q.token_by_hash(work.tx, token_hash(token))
            if row is not None:
                q.revoke_token(work.tx, row["id"])

    # -- devices (the organiser's list) ----------------------------------
    def device_tokens(self) -> list[DeviceToken]:
        """Every kiosk and board ever paired, the revoked ones last."""
        with self.storage.read() as tx:
            day = Day.from_row(q.reception(tx))
            return [DeviceToken(row["id"], row["role"], row["name"], day.iso(row["created_at"]),
                                day.iso(row["revoked_at"])) for row in q.every_device_token(tx)]

    def revoke_device(self, token_id: int) -> None:
        with self.uow.write() as work:
            row = q.device_token(work.tx, token_id)
            if row is None or row["role"] not in DEVICE_ROLES:
                raise NotFound(f"device {token_id} does not exist")
            q.revoke_token(work.tx, token_id)

    # -- set-up (CLI) ----------------------------------------------------
    def add_device(self, role: str, name: str) -> str:
        if role not in DEVICE_ROLES:
            raise InvalidInput(f"role must be one of {', '.join(DEVICE_ROLES)}")
        name = require_str(name, "name", max_len=100)
        with self.uow.write() as work:
            token, _, _ = issue_token(work.tx, role, name)
            return token

    def add_admin_token(self, name: str) -> str:
        """A long-lived organiser token for scripts and the demo."""
        with self.uow.write() as work:
            token, _, _ = issue_token(work.tx, Role.ADMIN, require_str(name, "name"))
            return token

    def set_pin(self, desk_id: int, pin: str) -> None:
        if not (isinstance(pin, str) and pin.isdigit() and 4 <= len(pin) <= 12):
            raise InvalidInput("a PIN is 4 to 12 digits")
        with self.uow.write() as work:
            if q.desk(work.tx, desk_id) is None:
                raise NotFound(f"desk {desk_id} does not exist")
            q.set_desk(work.tx, desk_id, pin_hash=hash_secret(pin), failed_pins=0,
                       locked_until=None)

    def add_admin(self, user: str, password: str) -> None:
        user = require_str(user, "user", max_len=100)
        if not isinstance(password, str) or len(password) < 8:
            raise InvalidInput("a password has at least 8 characters")
        with self.uow.write() as work:
            work.tx.run(
                "INSERT INTO admins (username, password_hash) VALUES (?, ?)"
                " ON CONFLICT (username) DO UPDATE SET password_hash = excluded.password_hash,"
                " failed_logins = 0, locked_until = NULL",
                (user, hash_secret(password)),
            )
