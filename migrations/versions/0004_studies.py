"""Studies and research sessions: study, study_facilitator, research_session, calendar_feed.

Session times are UTC instants (timezone-aware on PostgreSQL, naive UTC on SQLite); the database keeps
capacity >= 1 and ends_at > starts_at with CHECK constraints.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-26 01:06:15.914432

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('calendar_feed',
    sa.Column('staff_user_id', sa.Integer(), nullable=False),
    sa.Column('nonce', sa.String(length=64), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['staff_user_id'], ['staff_user.id'], name=op.f('fk_calendar_feed_staff_user_id_staff_user'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_feed')),
    sa.UniqueConstraint('staff_user_id', name=op.f('uq_calendar_feed_staff_user_id'))
    )
    op.create_table('study',
    sa.Column('phase_id', sa.Integer(), nullable=False),
    sa.Column('title_cy', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('description_cy', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('research_questions_cy', sa.Text(), nullable=False),
    sa.Column('research_questions_en', sa.Text(), nullable=False),
    sa.Column('method', sa.String(length=30), nullable=False),
    sa.Column('target_sample', sa.Integer(), nullable=False),
    sa.Column('required_purposes', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("method IN ('interview', 'usability_test', 'co_design_workshop', 'survey', 'contextual_inquiry', 'card_sort', 'other')", name=op.f('ck_study_method_known')),
    sa.CheckConstraint("status IN ('planning', 'recruiting', 'running', 'analysing', 'done')", name=op.f('ck_study_status_known')),
    sa.CheckConstraint('target_sample >= 1', name=op.f('ck_study_target_sample_positive')),
    sa.ForeignKeyConstraint(['phase_id'], ['phase.id'], name=op.f('fk_study_phase_id_phase'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_study'))
    )
    with op.batch_alter_table('study', schema=None) as batch_op:
        batch_op.create_index('ix_study_phase_id', ['phase_id'], unique=False)

    op.create_table('research_session',
    sa.Column('study_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=False),
    sa.Column('mode', sa.String(length=20), nullable=False),
    sa.Column('joining_link', sa.String(length=500), nullable=False),
    sa.Column('address', sa.Text(), nullable=False),
    sa.Column('access_information', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=30), nullable=False),
    sa.Column('facilitator_id', sa.Integer(), nullable=True),
    sa.Column('note_taker_id', sa.Integer(), nullable=True),
    sa.Column('participant_information_cy', sa.Text(), nullable=False),
    sa.Column('participant_information_en', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('cancelled_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("language IN ('cy', 'en', 'bilingual', 'en_with_interpretation')", name=op.f('ck_research_session_language_known')),
    sa.CheckConstraint("mode IN ('online', 'in_person', 'phone')", name=op.f('ck_research_session_mode_known')),
    sa.CheckConstraint("status IN ('scheduled', 'cancelled')", name=op.f('ck_research_session_status_known')),
    sa.CheckConstraint('capacity >= 1', name=op.f('ck_research_session_capacity_positive')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_research_session_ends_after_start')),
    sa.ForeignKeyConstraint(['facilitator_id'], ['staff_user.id'], name=op.f('fk_research_session_facilitator_id_staff_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['note_taker_id'], ['staff_user.id'], name=op.f('fk_research_session_note_taker_id_staff_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['study_id'], ['study.id'], name=op.f('fk_research_session_study_id_study'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_research_session'))
    )
    with op.batch_alter_table('research_session', schema=None) as batch_op:
        batch_op.create_index('ix_research_session_facilitator_id', ['facilitator_id'], unique=False)
        batch_op.create_index('ix_research_session_note_taker_id', ['note_taker_id'], unique=False)
        batch_op.create_index('ix_research_session_starts_at', ['starts_at'], unique=False)
        batch_op.create_index('ix_research_session_study_starts', ['study_id', 'starts_at'], unique=False)

    op.create_table('study_facilitator',
    sa.Column('study_id', sa.Integer(), nullable=False),
    sa.Column('staff_user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['staff_user_id'], ['staff_user.id'], name=op.f('fk_study_facilitator_staff_user_id_staff_user'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['study_id'], ['study.id'], name=op.f('fk_study_facilitator_study_id_study'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('study_id', 'staff_user_id', name=op.f('pk_study_facilitator'))
    )


def downgrade():
    op.drop_table('study_facilitator')
    with op.batch_alter_table('research_session', schema=None) as batch_op:
        batch_op.drop_index('ix_research_session_study_starts')
        batch_op.drop_index('ix_research_session_starts_at')
        batch_op.drop_index('ix_research_session_note_taker_id')
        batch_op.drop_index('ix_research_session_facilitator_id')

    op.drop_table('research_session')
    with op.batch_alter_table('study', schema=None) as batch_op:
        batch_op.drop_index('ix_study_phase_id')

    op.drop_table('study')
    op.drop_table('calendar_feed')
