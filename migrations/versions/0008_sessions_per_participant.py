"""How many sessions of a study one participant may be booked into at once (default 1, from 1 to 10).

Existing studies get 1: before this, nothing stopped a second booking in another session of the same study.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30 05:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('study', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sessions_per_participant', sa.Integer(), server_default='1', nullable=False))
        batch_op.create_check_constraint(
            'sessions_per_participant_range', 'sessions_per_participant BETWEEN 1 AND 10'
        )


def downgrade():
    with op.batch_alter_table('study', schema=None) as batch_op:
        batch_op.drop_constraint('sessions_per_participant_range', type_='check')
        batch_op.drop_column('sessions_per_participant')
