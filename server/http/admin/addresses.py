"""Where visitors' phones can reach the server: the address the ticket's QR points to.

A phone on the venue's Wi-Fi reaches the server PC by its LAN address, never
by 127.0.0.1 or "localhost", which on the phone is the phone. The page
proposes this machine's LAN addresses with the port the server listens on,
and warns while the QR points to a loopback address or the server listens
only on loopback.
"""

import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

# A documentation address (RFC 5737): connecting a UDP socket to it sends
# nothing, but makes the system pick the address it would send from.
_ROUTE_PROBE = ("192.0.2.1", 9)


@dataclass(frozen=True)
class PhoneAddressAdvice:
    points_to_loopback: bool  # the QR on the tickets cannot work
    listens_on_loopback_only: bool  # no address can work until the server listens on the LAN
    proposals: list[str]


def is_loopback_host(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_of(url: str) -> str:
    return urlsplit(url).hostname or ""


def lan_addresses() -> list[str]:
    """This machine's IPv4 addresses other devices could reach, the default route's first."""
    found: list[str] = []
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(_ROUTE_PROBE)
            found.append(probe.getsockname()[0])
    except OSError:
        pass  # no route at all: an isolated hall network still has the addresses below
    try:
        for *_, address in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET):
            found.append(address[0])
    except OSError:
        pass
    usable = []
    for address in found:
        ip = ipaddress.ip_address(address)
        if not (ip.is_loopback or ip.is_unspecified or ip.is_link_local) and address not in usable:
            usable.append(address)
    return usable


def phone_address_advice(public_url: str, config, addresses: list[str] | None = None) -> PhoneAddressAdvice:
    listen_host, port = config.host, config.port
    addresses = lan_addresses() if addresses is None else addresses
    if not is_loopback_host(listen_host) and listen_host not in ("0.0.0.0", "::", ""):
        addresses = [listen_host]  # it listens on one address only: that is the one phones reach
    return PhoneAddressAdvice(
        points_to_loopback=is_loopback_host(host_of(public_url)),
        listens_on_loopback_only=is_loopback_host(listen_host),
        proposals=[f"http://{address}:{port}" for address in addresses],
    )
