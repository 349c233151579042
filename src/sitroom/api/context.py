"""What the app's endpoints share: one Store, the config, the one ingest writer, the token."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request

from sitroom.api.queries import BriefCache, CountCache, PeopleIndex
from sitroom.api.uploads import IngestWriter
from sitroom.config import Config
from sitroom.store import Store


@dataclass
class AppContext:
    store: Store
    config: Config
    token: str | None = None
    max_upload_bytes: int = 20_000_000
    writer: IngestWriter = field(default_factory=IngestWriter)
    people: PeopleIndex = field(default_factory=PeopleIndex)
    briefs: BriefCache = field(default_factory=BriefCache)
    counts: CountCache = field(default_factory=CountCache)

    def edited(self, article_id: str) -> None:
        """An article's metadata was corrected here: what the write stamp may not show is recounted."""
        self.counts.clear()
        self.people.edited(article_id)
        self.briefs.clear()


def get_context(request: Request) -> AppContext:
    """FastAPI dependency: the context ``create_app`` put on the app."""
    ctx: AppContext = request.app.state.sitroom
    return ctx
