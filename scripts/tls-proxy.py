#!/usr/bin/env python3
"""A TLS terminator for the relay interop test (scripts/relay-interop.sh).

activityrelay serves plain HTTP only and names itself https://DOMAIN, so
this accepts TLS on --listen with --cert/--key and pipes the bytes, as they
are, to --upstream: the Host header, the Signature and the body reach the
relay untouched. Standard library only.

    tls-proxy.py --listen 127.0.0.10:443 --upstream 127.0.0.10:8080 \
        --cert relay.pem --key relay.key
"""

import argparse
import asyncio
import signal
import ssl
import sys


def address(text):
    host, _, port = text.rpartition(":")
    if not host or not port.isdigit():
        raise argparse.ArgumentTypeError(f"{text}: HOST:PORT expected")
    return host, int(port)


async def pipe(reader, writer):
    try:
        while True:
            data = await reader.read(65536)
            if not data:
                break
            writer.write(data)
            await writer.drain()
    except (ConnectionError, OSError, ssl.SSLError):
        pass
    finally:
        try:
            writer.close()
        except Exception:  # already gone
            pass


async def serve(args):
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(args.cert, args.key)

    async def handle(client_reader, client_writer):
        try:
            up_reader, up_writer = await asyncio.wait_for(
                asyncio.open_connection(*args.upstream), timeout=10
            )
        except (OSError, asyncio.TimeoutError) as e:
            print(f"tls-proxy: upstream {args.upstream}: {e}", file=sys.stderr, flush=True)
            client_writer.close()
            return
        try:
            await asyncio.gather(pipe(client_reader, up_writer), pipe(up_reader, client_writer))
        except asyncio.CancelledError:  # shutting down with the connection open
            pass

    server = await asyncio.start_server(
        handle, *args.listen, ssl=ctx, ssl_handshake_timeout=10, reuse_address=True
    )
    print(f"tls-proxy: {args.listen[0]}:{args.listen[1]} -> {args.upstream[0]}:{args.upstream[1]}",
          flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    async with server:
        await stop.wait()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--listen", type=address, required=True)
    p.add_argument("--upstream", type=address, required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    asyncio.run(serve(p.parse_args()))


if __name__ == "__main__":
    main()
