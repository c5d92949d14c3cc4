"""A small MCP server on the official Python SDK, for the example job.

It offers one tool, one resource, one resource template and one prompt, so
that a discovery report shows every kind of item. Run it with a transport:

    python catalog_server.py stdio
    python catalog_server.py streamable-http --port 8931 [--json] [--stateless]
    python catalog_server.py sse --port 8932
"""

import argparse

from mcp.server.mcpserver import MCPServer

server = MCPServer(
    name="catalog",
    version="1.0.0",
    instructions="Look up books in the team's reading list.",
)


@server.tool(description="Count the words in a piece of text.")
def count_words(text: str) -> int:
    return len(text.split())


@server.resource("catalog://books", description="Every book in the list.")
def books() -> str:
    return "Dune\nNeuromancer\nThe Left Hand of Darkness"


@server.resource("catalog://books/{title}", description="One book by title.")
def book(title: str) -> str:
    return f"{title}: on the shelf"


@server.prompt(description="Ask for a short review of one book.")
def review(title: str, tone: str = "neutral") -> str:
    return f"Write a {tone} review of {title} in three sentences."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("transport", choices=["stdio", "streamable-http", "sse"])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8931)
    parser.add_argument("--json", action="store_true", help="JSON answers, not SSE")
    parser.add_argument("--stateless", action="store_true")
    options = parser.parse_args()
    if options.transport == "stdio":
        server.run("stdio")
    elif options.transport == "sse":
        server.run("sse", host=options.host, port=options.port)
    else:
        server.run(
            "streamable-http",
            host=options.host,
            port=options.port,
            json_response=options.json,
            stateless_http=options.stateless,
        )


if __name__ == "__main__":
    main()
