"""The theme board of a project (issue 10, item 3): its observations grouped by tag, and moving them between
themes with buttons, not dragging (A11Y-2).

An observation with several tags is under each; one with none is in a group of its own, last. The board is read
in a fixed number of queries however many observations it holds (tags, observations, their tags, and consent
through evidence.held_back_reasons). Text of people whose words are held back (CON-7) never leaves this module
for a reader who may not see it: viewers get None, and the page says "Held back"; researchers get the text and
why it is held back. Every change is audited: an observation's themes as "observation.updated", a new theme as
"tag.created", renaming and merging through tags.rename_tag and tags.merge_tags.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import Integer, func, literal, select, union_all

from app.accounts.models import StaffUser
from app.audit.services import record_event
from app.common.paging import Page
from app.common.uk_time import uk_date
from app.extensions import db
from app.findings import evidence, tags
from app.findings.errors import FindingsError
from app.findings.models import Observation, Tag, observation_tag
from app.findings.observations import get_observation
from app.participants.models import Participant
from app.studies.models import ResearchSession

MOVE, ADD, REMOVE = "move", "add", "remove"
ACTIONS = (MOVE, ADD, REMOVE)


class InvalidTheme(FindingsError):
    """A change to the board that cannot be made: no theme chosen, a theme or observation not in the project, an
    empty or too long name, a name another theme has, merging a theme into itself. `field` names what is wrong:
    "observation", "action", "theme", "name", "source" or "target"."""

    def __init__(self, message: str = "", field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class BoardItem:
    """One observation as the board shows it. `text` is None when the reader may not see it (held back, CON-7);
    `held_back` says why to those who may (researchers), else is ""."""

    id: int
    code: str
    kind: str
    language: str
    session_date: date  # Europe/London
    text: str | None
    held_back: str
    tag_ids: tuple[int, ...]


@dataclass
class Theme:
    """A group on the board: a tag and its observations, or (tag None) the observations with no tag. `items` are
    those shown (a few on the whole board, a page on the theme's own); `total` is how many it has."""

    tag: Tag | None
    items: list[BoardItem] = field(default_factory=list)
    total: int = 0


@dataclass
class Board:
    themes: list[
        Theme
    ]  # each tag alphabetically (folded), then the untagged; only the chosen one on its page
    tags: list[Tag]
    observations: int  # in the whole project
    chosen: Theme | None = None  # the theme whose own page this is (its items are a page of them)
    page: Page | None = None


UNTAGGED = "none"  # the untagged group's name in a page's address
PREVIEW = 10  # observations shown under each theme on the whole board: the rest are on the theme's own page
PER_PAGE = 50  # observations on a theme's own page


def _untagged():
    return (
        ~select(observation_tag.c.observation_id)
        .where(observation_tag.c.observation_id == Observation.id)
        .exists()
    )


def _order():
    return (ResearchSession.starts_at, Observation.id)


def _counts(project_id: int) -> tuple[dict[int, int], int, int]:
    """({tag id: observations}, untagged, all): two queries."""
    per_tag: dict[int, int] = {
        tag_id: count
        for tag_id, count in db.session.execute(
            select(observation_tag.c.tag_id, func.count())
            .join(Observation, Observation.id == observation_tag.c.observation_id)
            .where(Observation.project_id == project_id)
            .group_by(observation_tag.c.tag_id)
        )
    }
    everything, untagged = db.session.execute(
        select(func.count(), func.count().filter(_untagged())).where(Observation.project_id == project_id)
    ).one()
    return per_tag, untagged, everything


def _preview_ids(project_id: int) -> list[tuple[int | None, int]]:
    """(tag id or None, observation id) of the first PREVIEW observations of every theme, oldest session first:
    one query (a window function per tag, and the untagged), however many observations there are."""
    ranked = (
        select(
            observation_tag.c.tag_id.label("tag_id"),
            Observation.id.label("observation_id"),
            func.row_number().over(partition_by=observation_tag.c.tag_id, order_by=_order()).label("rank"),
        )
        .join(Observation, Observation.id == observation_tag.c.observation_id)
        .join(ResearchSession, ResearchSession.id == Observation.research_session_id)
        .where(Observation.project_id == project_id)
        .subquery("ranked")
    )
    tagged = select(ranked.c.tag_id, ranked.c.observation_id).where(ranked.c.rank <= PREVIEW)
    untagged = (
        select(literal(None, Integer).label("tag_id"), Observation.id.label("observation_id"))
        .join(ResearchSession, ResearchSession.id == Observation.research_session_id)
        .where(Observation.project_id == project_id, _untagged())
        .order_by(*_order())
        .limit(PREVIEW)
        .subquery("first_untagged")
    )
    found = db.session.execute(union_all(tagged, select(untagged.c.tag_id, untagged.c.observation_id))).all()
    return [(tag_id, observation_id) for tag_id, observation_id in found]


def _theme_page_ids(project_id: int, tag_id: int | None, offset: int) -> list[int]:
    """Observation ids of one theme (None: the untagged), oldest session first, PER_PAGE from `offset`."""
    query = (
        select(Observation.id)
        .join(ResearchSession, ResearchSession.id == Observation.research_session_id)
        .where(Observation.project_id == project_id)
    )
    if tag_id is None:
        query = query.where(_untagged())
    else:
        query = query.join(observation_tag, observation_tag.c.observation_id == Observation.id).where(
            observation_tag.c.tag_id == tag_id
        )
    return list(db.session.scalars(query.order_by(*_order()).limit(PER_PAGE).offset(offset)))


def _items(ids: list[int], *, may_read_held_back: bool) -> dict[int, BoardItem]:
    """The board's view of these observations: three or four queries, however many."""
    if not ids:
        return {}
    rows = db.session.execute(
        select(
            Observation.id,
            Participant.code,
            Observation.kind,
            Observation.language,
            ResearchSession.starts_at,
            Observation.text,
            Observation.participant_id,
        )
        .join(Participant, Participant.id == Observation.participant_id)
        .join(ResearchSession, ResearchSession.id == Observation.research_session_id)
        .where(Observation.id.in_(ids))
    ).all()
    tagged: dict[int, list[int]] = {}
    for observation_id, tag_id in db.session.execute(
        select(observation_tag.c.observation_id, observation_tag.c.tag_id).where(
            observation_tag.c.observation_id.in_(ids)
        )
    ):
        tagged.setdefault(observation_id, []).append(tag_id)
    held = evidence.held_back_reasons(row.participant_id for row in rows)
    items = {}
    for row in rows:
        reason = held.get(row.participant_id)
        items[row.id] = BoardItem(
            id=row.id,
            code=row.code,
            kind=str(row.kind),
            language=row.language,
            session_date=uk_date(row.starts_at),
            text=row.text if reason is None or may_read_held_back else None,
            held_back=evidence.held_back_label(reason) if reason and may_read_held_back else "",
            tag_ids=tuple(sorted(tagged.get(row.id, ()))),
        )
    return items


def theme_board(
    project_id: int, *, may_read_held_back: bool, theme: int | str | None = None, page: int = 1
) -> Board | None:
    """The project's observations grouped by tag, sessions oldest first. `may_read_held_back`: the reader is a
    researcher or admin (sees held-back text with the reason) rather than a viewer (sees neither).

    Without `theme`, every theme with its first PREVIEW observations and its total; with a tag id (or UNTAGGED),
    that theme alone, PER_PAGE observations of page `page`. None when `theme` is no tag of the project. A fixed
    number of queries whatever the number of observations or themes (DESIGN habit 9)."""
    project_tags = list(db.session.scalars(select(Tag).where(Tag.project_id == project_id).order_by(Tag.key)))
    per_tag, untagged_total, everything = _counts(project_id)
    themes = {tag.id: Theme(tag, total=per_tag.get(tag.id, 0)) for tag in project_tags}
    untagged = Theme(None, total=untagged_total)
    if theme is None:
        pairs = _preview_ids(project_id)
        items = _items(
            [observation_id for _tag, observation_id in pairs], may_read_held_back=may_read_held_back
        )
        for tag_id, observation_id in pairs:
            (themes[tag_id] if tag_id is not None else untagged).items.append(items[observation_id])
        for group in [*themes.values(), untagged]:
            group.items.sort(key=lambda item: (item.session_date, item.id))
        return Board([*themes.values(), untagged], project_tags, everything)
    chosen = untagged if theme == UNTAGGED else themes.get(theme) if isinstance(theme, int) else None
    if chosen is None:
        return None
    pages = max(-(-chosen.total // PER_PAGE), 1)
    number = min(max(page, 1), pages)
    ids = _theme_page_ids(project_id, chosen.tag.id if chosen.tag else None, (number - 1) * PER_PAGE)
    items = _items(ids, may_read_held_back=may_read_held_back)
    chosen.items = [items[observation_id] for observation_id in ids]
    shown: Page = Page(items=chosen.items, number=number, pages=pages, total=chosen.total, per_page=PER_PAGE)
    return Board([chosen], project_tags, everything, chosen=chosen, page=shown)


# Changing the board ----------------------------------------------------------------------------------------


def _theme(project_id: int, tag_id: int | None, field: str = "theme") -> Tag:
    tag = tags.get_tag(project_id, tag_id) if tag_id else None
    if tag is None:
        raise InvalidTheme(_("Choose a theme from the list"), field)
    return tag


def change_themes(
    project_id: int,
    observation_id: int | None,
    action: str,
    *,
    theme_id: int | None,
    from_theme_id: int | None,
    actor: StaffUser | None = None,
) -> Observation:
    """Move an observation from one theme (`from_theme_id`, the group it was shown in; None for the untagged) to
    another (`theme_id`), add it to another keeping the rest, or remove it from `from_theme_id`. Audited as
    "observation.updated" with the names added and removed. Raises InvalidTheme (nothing changes)."""
    observation = get_observation(project_id, observation_id) if observation_id else None
    if observation is None:
        raise InvalidTheme(_("This observation is not on the board any more"), "observation")
    if action not in ACTIONS:
        raise InvalidTheme(_("Choose move, add or remove"), "action")
    current = list(observation.tags)
    source = (
        _theme(project_id, from_theme_id, "from_theme")
        if action == REMOVE or (action == MOVE and from_theme_id)
        else None
    )
    target = _theme(project_id, theme_id) if action in (MOVE, ADD) else None
    wanted = [tag for tag in current if source is None or tag.id != source.id]
    if target is not None and all(tag.id != target.id for tag in wanted):
        wanted.append(target)
    added = [tag.name for tag in wanted if tag not in current]
    removed = [tag.name for tag in current if tag not in wanted]
    if added or removed:
        observation.tags = wanted
        db.session.flush()
        record_event(
            "observation.updated",
            target_type="observation",
            target_id=observation.id,
            actor=actor,
            details={"themes_added": added, "themes_removed": removed},
        )
    return observation


def _name(name: str) -> str:
    name = " ".join((name or "").split())
    if not tags.tag_key(name):
        raise InvalidTheme(_("Enter a name for the theme"), "name")
    if len(name) > tags.MAX_TAG_LENGTH:
        raise InvalidTheme(_("Enter a name of %(max)d characters or fewer", max=tags.MAX_TAG_LENGTH), "name")
    return name


def create_theme(project_id: int, name: str, *, actor: StaffUser | None = None) -> Tag:
    """A new theme (tag) for the project. Raises InvalidTheme for an empty or too long name, or one a theme of
    the project already has (however it is typed: tags.tag_key)."""
    name = _name(name)
    existing = db.session.scalars(
        select(Tag).where(Tag.project_id == project_id, Tag.key == tags.tag_key(name))
    ).first()
    if existing is not None:
        raise InvalidTheme(_("The project already has a theme called “%(name)s”", name=existing.name), "name")
    [tag] = tags.tags_named(project_id, [name])
    record_event("tag.created", target_type="tag", target_id=tag.id, actor=actor, details={"name": tag.name})
    return tag


def rename_theme(project_id: int, tag_id: int | None, name: str, *, actor: StaffUser | None = None) -> Tag:
    """Rename a theme; a name another theme already has merges the two (tags.rename_tag). Returns the theme the
    observations now carry. Raises InvalidTheme."""
    tag = _theme(project_id, tag_id)
    return tags.rename_tag(tag, _name(name), actor=actor)


def merge_themes(
    project_id: int, source_id: int | None, target_id: int | None, *, actor: StaffUser | None = None
) -> Tag:
    """Give every observation of one theme the other instead, and remove the first (tags.merge_tags). Raises
    InvalidTheme for a theme not in the project, or the same theme twice."""
    source, target = _theme(project_id, source_id, "source"), _theme(project_id, target_id, "target")
    if source.id == target.id:
        raise InvalidTheme(_("Choose two different themes to merge"), "target")
    return tags.merge_tags(source, target, actor=actor)
