"""Place details in both languages (issue 9, item 10; WL-1, WL-2): a session's address and access information
are written in Welsh and in English, and participants read them in their language before they book.

The single-language columns become the English ones: text written before this migration was in one language,
which Profi cannot know, and most was written in English. The Welsh columns start empty; until someone writes
them, Welsh readers see the text there is, marked as the other language, and the session's page says Welsh is
missing. Columns are renamed and added in place (ALTER TABLE ... RENAME COLUMN, SQLite 3.25+ and PostgreSQL):
rebuilding research_session on SQLite would drop the triggers that keep booked_count within capacity
(migration 0006).

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30 09:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.execute('ALTER TABLE research_session RENAME COLUMN address TO address_en')
    op.execute('ALTER TABLE research_session RENAME COLUMN access_information TO access_information_en')
    op.add_column('research_session', sa.Column('address_cy', sa.Text(), server_default='', nullable=False))
    op.add_column(
        'research_session', sa.Column('access_information_cy', sa.Text(), server_default='', nullable=False)
    )


def downgrade():
    # Going back keeps the English text (or the Welsh, where there is no English) in the single columns.
    op.execute("UPDATE research_session SET address_en = address_cy WHERE address_en = ''")
    op.execute("UPDATE research_session SET access_information_en = access_information_cy WHERE access_information_en = ''")
    op.drop_column('research_session', 'access_information_cy')
    op.drop_column('research_session', 'address_cy')
    op.execute('ALTER TABLE research_session RENAME COLUMN access_information_en TO access_information')
    op.execute('ALTER TABLE research_session RENAME COLUMN address_en TO address')
