"""Foundation: staff accounts, projects and phases, and the audit trail.

Revision ID: 0001
Revises: 
Create Date: 2026-11-26 00:03:19.642415

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('project',
    sa.Column('slug', sa.String(length=40), nullable=False),
    sa.Column('name_cy', sa.String(length=200), nullable=False),
    sa.Column('name_en', sa.String(length=200), nullable=False),
    sa.Column('summary_cy', sa.Text(), nullable=False),
    sa.Column('summary_en', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_project')),
    sa.UniqueConstraint('slug', name=op.f('uq_project_slug'))
    )
    op.create_table('staff_user',
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('preferred_language', sa.String(length=2), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('session_token', sa.String(length=64), nullable=False),
    sa.Column('last_signed_in_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("preferred_language IN ('cy', 'en')", name=op.f('ck_staff_user_language_known')),
    sa.CheckConstraint("role IN ('admin', 'researcher', 'viewer')", name=op.f('ck_staff_user_role_known')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_staff_user')),
    sa.UniqueConstraint('email', name=op.f('uq_staff_user_email')),
    sa.UniqueConstraint('session_token', name=op.f('uq_staff_user_session_token'))
    )
    op.create_table('audit_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('occurred_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=320), nullable=False),
    sa.Column('action', sa.String(length=80), nullable=False),
    sa.Column('target_type', sa.String(length=40), nullable=False),
    sa.Column('target_id', sa.String(length=320), nullable=False),
    sa.Column('subject', sa.String(length=320), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('ip_address', sa.String(length=64), nullable=False),
    sa.Column('details', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['staff_user.id'], name=op.f('fk_audit_event_actor_id_staff_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_event'))
    )
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.create_index('ix_audit_event_action_occurred_at', ['action', 'occurred_at'], unique=False)
        batch_op.create_index('ix_audit_event_ip_address', ['ip_address'], unique=False)
        batch_op.create_index('ix_audit_event_occurred_at', ['occurred_at'], unique=False)
        batch_op.create_index('ix_audit_event_subject', ['subject'], unique=False)

    op.create_table('phase',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=True),
    sa.Column('ends_on', sa.Date(), nullable=True),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('research_questions_cy', sa.Text(), nullable=False),
    sa.Column('research_questions_en', sa.Text(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('discovery', 'alpha', 'beta', 'live')", name=op.f('ck_phase_kind_known')),
    sa.CheckConstraint('ends_on IS NULL OR starts_on IS NULL OR ends_on >= starts_on', name=op.f('ck_phase_dates_in_order')),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_phase_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_phase')),
    sa.UniqueConstraint('project_id', 'kind', name=op.f('uq_phase_project_id_kind'))
    )
    with op.batch_alter_table('phase', schema=None) as batch_op:
        batch_op.create_index('uq_phase_current_per_project', ['project_id'], unique=True, sqlite_where=sa.text('is_current'), postgresql_where=sa.text('is_current'))



def downgrade():
    with op.batch_alter_table('phase', schema=None) as batch_op:
        batch_op.drop_index('uq_phase_current_per_project', sqlite_where=sa.text('is_current'), postgresql_where=sa.text('is_current'))

    op.drop_table('phase')
    with op.batch_alter_table('audit_event', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_event_subject')
        batch_op.drop_index('ix_audit_event_occurred_at')
        batch_op.drop_index('ix_audit_event_ip_address')
        batch_op.drop_index('ix_audit_event_action_occurred_at')

    op.drop_table('audit_event')
    op.drop_table('staff_user')
    op.drop_table('project')
