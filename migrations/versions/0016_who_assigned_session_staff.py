"""Who may read a session's adjustments (issue 9, item 2; DP-3): a researcher only when an admin, or the
study's owner, assigned them to the session — not by making themselves its note-taker. study.created_by_id
(the owner: who created it) and, per research session, whether its facilitator and its note-taker were so
assigned. Existing studies have no recorded owner; existing assignments grant nothing until an admin (or the
owner) saves the session again — special category data errs on the side of fewer readers.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30 07:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('study', schema=None) as batch_op:
        batch_op.add_column(sa.Column('created_by_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f('fk_study_created_by_id_staff_user'), 'staff_user', ['created_by_id'], ['id'],
            ondelete='SET NULL',
        )
    # Plain ADD COLUMN, not a batch: rebuilding research_session on SQLite would drop the triggers that keep
    # booked_count within capacity there (migration 0006).
    op.add_column(
        'research_session',
        sa.Column('facilitator_sees_adjustments', sa.Boolean(), server_default=sa.false(), nullable=False),
    )
    op.add_column(
        'research_session',
        sa.Column('note_taker_sees_adjustments', sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade():
    op.drop_column('research_session', 'note_taker_sees_adjustments')
    op.drop_column('research_session', 'facilitator_sees_adjustments')
    with op.batch_alter_table('study', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_study_created_by_id_staff_user'), type_='foreignkey')
        batch_op.drop_column('created_by_id')
