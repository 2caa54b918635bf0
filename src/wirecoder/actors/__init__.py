"""Who is who: article-level actor attachment and the ``wirecoder actors`` commands.

* :func:`article_mentions` -- all mentions of an analysed article (find, attach,
  resolve; optionally unknown person names): the one call the pipeline needs;
* :mod:`wirecoder.actors.attach` -- code institution nouns ("die Regierung", "the
  police") and resolve role-only mentions ("der Kanzler") from the article context;
* :mod:`wirecoder.actors.names` -- rule fallback for person names the knowledge base
  does not know ("Heinrich Schulte sagte");
* :mod:`wirecoder.actors.query` -- look-ups behind the CLI (names and codes on a date,
  listings, data checks);
* :mod:`wirecoder.actors.cli` -- the ``actors`` Typer sub-app (``actors_app``).

The knowledge base itself is :mod:`wirecoder.extract.knowledge`; mentions come from
:mod:`wirecoder.extract.mentions`.
"""

from wirecoder.actors.article import article_mentions
from wirecoder.actors.attach import (
    ArticleContext,
    attach_article,
    attach_institutions,
    dominant_state,
    is_role_only,
    is_unattached,
    resolve_role,
    resolve_roles,
)
from wirecoder.actors.names import find_unknown_names
from wirecoder.actors.query import check_all, holders_on, list_rows, lookup

__all__ = [
    "ArticleContext",
    "article_mentions",
    "attach_article",
    "attach_institutions",
    "check_all",
    "dominant_state",
    "find_unknown_names",
    "holders_on",
    "is_role_only",
    "is_unattached",
    "list_rows",
    "lookup",
    "resolve_role",
    "resolve_roles",
]
