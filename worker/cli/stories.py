"""`ingest stories`: the largest open stories, from the stories stage's index in Redis."""

from __future__ import annotations

import click

from worker.cli.common import emit
from worker.cli.context import runtime_context
from worker.stages.stories.stage import store_for


@click.command()
@click.option("--top", default=10, show_default=True, help="How many stories, largest first.")
@click.option("--table", is_flag=True, help="A table for people instead of JSON lines.")
def stories(top: int, table: bool) -> None:
    """The largest open stories: articles, first and last seen, languages and a title.

    One JSON line per story: {"id", "articles", "first_seen", "last_seen", "languages",
    "title"} (the title of the article that opened it). A story is open until `window`
    seconds ([stories] in the settings) pass without a new article.
    """
    if top < 1:
        raise click.BadParameter("must be at least 1", param_hint="--top")
    ctx = runtime_context()
    found = store_for(ctx.settings, ctx.redis).top(top)
    if not found:
        click.echo(
            "no open story: no article has gone through the stories stage within the window "
            "(is it in the chain, and are workers running?)",
            err=True,
        )
        return
    if not table:
        for story in found:
            emit(story)
        return
    click.echo(f"{'articles':>8}  {'first seen':<20}  {'last seen':<20}  {'lang':<5}  title")
    for s in found:
        click.echo(
            f"{s['articles']:>8}  {s['first_seen']:<20}  {s['last_seen']:<20}  "
            f"{','.join(s['languages']):<5}  {s['title'][:80]}"
        )
