"""People can wait for one session of a study, or for any (waitlist_entry.wanted_session_id; None: any).

Existing entries wait for any session, as before.

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30 05:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('waitlist_entry', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wanted_session_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_waitlist_entry_wanted_session_id_research_session'),
            'research_session', ['wanted_session_id'], ['id'], ondelete='SET NULL',
        )


def downgrade():
    with op.batch_alter_table('waitlist_entry', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_waitlist_entry_wanted_session_id_research_session'), type_='foreignkey')
        batch_op.drop_column('wanted_session_id')
