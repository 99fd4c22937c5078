"""Search across findings and observations (issue 10, item 6): search_entry holds the folded words of each
observation (participant code and text) and each finding (statements and recommendations, Welsh and English),
one row each, removed with them by ON DELETE CASCADE. The database's own text search runs over it:

- SQLite: search_entry_fts, an external-content FTS5 table (trigram tokenizer, case-sensitive: the words are
  folded already) kept in step by three triggers on search_entry;
- PostgreSQL: the pg_trgm extension and a GIN trigram index on search_entry.words (LIKE uses it).

Existing observations and findings are indexed here. The folding below is the one of
app/findings/search_text.py at this revision, copied so that this migration keeps working whatever the app
becomes (tests/findings/test_search_text.py checks they agree).

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-30 09:50:00

"""
import re
import unicodedata

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None

_NOT_WORD = re.compile(r"[\W_]+")


def fold_words(text):
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    return " ".join(_NOT_WORD.sub(" ", stripped).split())


def index_text(*fields):
    return " " + " \n ".join(fold_words(field) for field in fields) + " "


SQLITE_FTS = [
    "CREATE VIRTUAL TABLE search_entry_fts USING fts5(words, content='search_entry', content_rowid='id', "
    "tokenize='trigram case_sensitive 1')",
    "CREATE TRIGGER search_entry_fts_insert AFTER INSERT ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(rowid, words) VALUES (new.id, new.words); END",
    "CREATE TRIGGER search_entry_fts_delete AFTER DELETE ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, words) VALUES ('delete', old.id, old.words); END",
    "CREATE TRIGGER search_entry_fts_update AFTER UPDATE ON search_entry BEGIN "
    "INSERT INTO search_entry_fts(search_entry_fts, rowid, words) VALUES ('delete', old.id, old.words); "
    "INSERT INTO search_entry_fts(rowid, words) VALUES (new.id, new.words); END",
]


def _backfill(connection):
    entry = sa.table(
        'search_entry',
        sa.column('project_id', sa.Integer),
        sa.column('observation_id', sa.Integer),
        sa.column('finding_id', sa.Integer),
        sa.column('words', sa.Text),
    )
    rows = [
        {"project_id": project_id, "observation_id": oid, "finding_id": None, "words": index_text(code, text)}
        for oid, project_id, code, text in connection.execute(
            sa.text(
                "SELECT observation.id, observation.project_id, participant.code, observation.text "
                "FROM observation JOIN participant ON participant.id = observation.participant_id"
            )
        )
    ]
    advice = {}
    for finding_id, text_cy, text_en in connection.execute(
        sa.text("SELECT finding_id, text_cy, text_en FROM recommendation ORDER BY id")
    ):
        advice.setdefault(finding_id, []).extend((text_cy, text_en))
    rows += [
        {
            "project_id": project_id,
            "observation_id": None,
            "finding_id": fid,
            "words": index_text(welsh, english, *advice.get(fid, [])),
        }
        for fid, project_id, welsh, english in connection.execute(
            sa.text("SELECT id, project_id, statement_cy, statement_en FROM finding")
        )
    ]
    if rows:
        connection.execute(sa.insert(entry), rows)


def upgrade():
    op.create_table('search_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('observation_id', sa.Integer(), nullable=True),
    sa.Column('finding_id', sa.Integer(), nullable=True),
    sa.Column('words', sa.Text(), nullable=False),
    sa.CheckConstraint('(observation_id IS NULL) <> (finding_id IS NULL)', name=op.f('ck_search_entry_one_target')),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], name=op.f('fk_search_entry_finding_id_finding'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['observation_id'], ['observation.id'], name=op.f('fk_search_entry_observation_id_observation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_search_entry_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_entry')),
    sa.UniqueConstraint('finding_id', name=op.f('uq_search_entry_finding_id')),
    sa.UniqueConstraint('observation_id', name=op.f('uq_search_entry_observation_id'))
    )
    with op.batch_alter_table('search_entry', schema=None) as batch_op:
        batch_op.create_index('ix_search_entry_project_id', ['project_id'], unique=False)

    connection = op.get_bind()
    if connection.dialect.name == "sqlite":
        for statement in SQLITE_FTS:
            op.execute(statement)
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX ix_search_entry_words_trgm ON search_entry USING gin (words gin_trgm_ops)")
    _backfill(connection)


def downgrade():
    if op.get_bind().dialect.name == "sqlite":
        for name in ("insert", "delete", "update"):
            op.execute(f"DROP TRIGGER IF EXISTS search_entry_fts_{name}")
        op.execute("DROP TABLE IF EXISTS search_entry_fts")
    else:
        op.execute("DROP INDEX IF EXISTS ix_search_entry_words_trgm")
    with op.batch_alter_table('search_entry', schema=None) as batch_op:
        batch_op.drop_index('ix_search_entry_project_id')

    op.drop_table('search_entry')
