"""Observation uploads (issue 10, item 2): observation_upload holds a spreadsheet of observations for one study
between its check and its all-or-nothing import, with its uploader (only they and admins may open it). New
table only: nothing existing changes.

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-30 09:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('observation_upload',
    sa.Column('study_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('imported_count', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('previewed', 'imported', 'discarded')", name=op.f('ck_observation_upload_status_known')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff_user.id'], name=op.f('fk_observation_upload_created_by_id_staff_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['study_id'], ['study.id'], name=op.f('fk_observation_upload_study_id_study'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_observation_upload'))
    )
    with op.batch_alter_table('observation_upload', schema=None) as batch_op:
        batch_op.create_index('ix_observation_upload_study_id', ['study_id'], unique=False)


def downgrade():
    with op.batch_alter_table('observation_upload', schema=None) as batch_op:
        batch_op.drop_index('ix_observation_upload_study_id')

    op.drop_table('observation_upload')
