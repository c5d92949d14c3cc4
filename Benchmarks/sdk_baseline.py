"""The baseline: the same discovery written the way a user would write it
with the official MCP Python SDK (asyncio and a semaphore).

    python sdk_baseline.py stdio COUNT CONCURRENCY PROGRAM [ARG...]
    python sdk_baseline.py http COUNT CONCURRENCY URL [URL...]

Each discovery initializes, then lists tools, resources, resource
templates and prompts, each only when the server declares it, as
mcp-census does. HTTP discoveries take the URLs in turn. Exits 1 if any
discovery failed.
"""

import asyncio
import sys

from mcp.client.session import ClientSession
from mcp.client.stdio import StdioServerParameters, stdio_client
from mcp.client.streamable_http import streamable_http_client


async def discover(session: ClientSession) -> int:
    result = await session.initialize()
    capabilities = result.capabilities
    items = 0
    if capabilities.tools is not None:
        items += len((await session.list_tools()).tools)
    if capabilities.resources is not None:
        items += len((await session.list_resources()).resources)
        templates = await session.list_resource_templates()
        items += len(templates.resource_templates)
    if capabilities.prompts is not None:
        items += len((await session.list_prompts()).prompts)
    return items


async def over_stdio(parameters: StdioServerParameters) -> int:
    async with stdio_client(parameters) as (read, write):
        async with ClientSession(read, write) as session:
            return await discover(session)


async def over_http(url: str) -> int:
    async with streamable_http_client(url) as (read, write, *_):
        async with ClientSession(read, write) as session:
            return await discover(session)


async def run_all(mode: str, count: int, limit: int, targets: list[str]) -> int:
    semaphore = asyncio.Semaphore(limit)
    failures = 0

    async def one(index: int) -> None:
        nonlocal failures
        async with semaphore:
            try:
                if mode == "stdio":
                    parameters = StdioServerParameters(
                        command=targets[0], args=targets[1:])
                    await over_stdio(parameters)
                else:
                    await over_http(targets[index % len(targets)])
            except Exception as error:  # noqa: BLE001 - counted, reported
                failures += 1
                if failures == 1:
                    print(f"sdk_baseline: {error!r}", file=sys.stderr)

    await asyncio.gather(*(one(index) for index in range(count)))
    return failures


def main() -> None:
    mode, count, limit, *targets = sys.argv[1:]
    failures = asyncio.run(run_all(mode, int(count), int(limit), targets))
    if failures:
        print(f"sdk_baseline: {failures} discoveries failed", file=sys.stderr)
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
