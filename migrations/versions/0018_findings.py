"""Session logs, observations and findings (issue 10; REP-2…REP-5, CON-7, DP-2): session_log (notes per
research session), consent_reconfirmation (consent re-confirmed at a session's start, per booking), tag and
observation_tag (a project's themes), observation (a note or quote from a session, by participant), finding, its
rounds across phases (finding_round, one per phase), evidence (observations a finding cites: the composite
foreign keys through project_id refuse an observation from another project), recommendation and
finding_standard (REP-5). New tables only: nothing existing changes.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30 09:20:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('tag',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=80), nullable=False),
    sa.Column('key', sa.String(length=80), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_tag_project_id_project'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tag')),
    sa.UniqueConstraint('project_id', 'key', name=op.f('uq_tag_project_id_key'))
    )
    op.create_table('finding',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('phase_id', sa.Integer(), nullable=False),
    sa.Column('study_id', sa.Integer(), nullable=True),
    sa.Column('statement_cy', sa.String(length=500), nullable=False),
    sa.Column('statement_en', sa.String(length=500), nullable=False),
    sa.Column('kind', sa.String(length=12), nullable=False),
    sa.Column('severity', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('problem', 'need', 'insight', 'positive')", name=op.f('ck_finding_kind_known')),
    sa.CheckConstraint("status IN ('new', 'agreed', 'in_progress', 'fixed', 'retested_resolved', 'retested_persisting', 'wont_fix')", name=op.f('ck_finding_status_known')),
    sa.CheckConstraint('severity IS NULL OR severity BETWEEN 1 AND 4', name=op.f('ck_finding_severity_on_scale')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff_user.id'], name=op.f('fk_finding_created_by_id_staff_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['phase_id'], ['phase.id'], name=op.f('fk_finding_phase_id_phase'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_finding_project_id_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['study_id'], ['study.id'], name=op.f('fk_finding_study_id_study'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding')),
    sa.UniqueConstraint('id', 'project_id', name=op.f('uq_finding_id_project_id'))
    )
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.create_index('ix_finding_project_id', ['project_id'], unique=False)

    op.create_table('finding_round',
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('phase_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=24), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('carried_by_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status IN ('new', 'agreed', 'in_progress', 'fixed', 'retested_resolved', 'retested_persisting', 'wont_fix')", name=op.f('ck_finding_round_status_known')),
    sa.ForeignKeyConstraint(['carried_by_id'], ['staff_user.id'], name=op.f('fk_finding_round_carried_by_id_staff_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], name=op.f('fk_finding_round_finding_id_finding'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['phase_id'], ['phase.id'], name=op.f('fk_finding_round_phase_id_phase'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finding_round')),
    sa.UniqueConstraint('finding_id', 'phase_id', name=op.f('uq_finding_round_finding_id_phase_id'))
    )
    op.create_table('finding_standard',
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('standard', sa.String(length=12), nullable=False),
    sa.CheckConstraint("standard IN ('wales-1', 'wales-2', 'wales-3', 'wales-4', 'wales-5', 'wales-6', 'wales-7', 'wales-8', 'wales-9', 'wales-10', 'wales-11', 'wales-12', 'govuk-1', 'govuk-2', 'govuk-3', 'govuk-4', 'govuk-5', 'govuk-6', 'govuk-7', 'govuk-8', 'govuk-9', 'govuk-10', 'govuk-11', 'govuk-12', 'govuk-13', 'govuk-14')", name=op.f('ck_finding_standard_standard_known')),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], name=op.f('fk_finding_standard_finding_id_finding'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('finding_id', 'standard', name=op.f('pk_finding_standard'))
    )
    op.create_table('observation',
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('phase_id', sa.Integer(), nullable=False),
    sa.Column('study_id', sa.Integer(), nullable=False),
    sa.Column('research_session_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('language', sa.String(length=2), nullable=False),
    sa.Column('time_marker', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("kind IN ('quote', 'behaviour', 'pain_point', 'need', 'positive')", name=op.f('ck_observation_kind_known')),
    sa.CheckConstraint("language IN ('cy', 'en')", name=op.f('ck_observation_language_known')),
    sa.CheckConstraint('time_marker IS NULL OR time_marker >= 0', name=op.f('ck_observation_time_marker_not_negative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['staff_user.id'], name=op.f('fk_observation_created_by_id_staff_user'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_observation_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['phase_id'], ['phase.id'], name=op.f('fk_observation_phase_id_phase'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['project_id'], ['project.id'], name=op.f('fk_observation_project_id_project'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['research_session_id'], ['research_session.id'], name=op.f('fk_observation_research_session_id_research_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['study_id'], ['study.id'], name=op.f('fk_observation_study_id_study'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_observation')),
    sa.UniqueConstraint('id', 'project_id', name=op.f('uq_observation_id_project_id'))
    )
    with op.batch_alter_table('observation', schema=None) as batch_op:
        batch_op.create_index('ix_observation_participant_id', ['participant_id'], unique=False)
        batch_op.create_index('ix_observation_project_id', ['project_id'], unique=False)
        batch_op.create_index('ix_observation_research_session_id', ['research_session_id'], unique=False)

    op.create_table('recommendation',
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('text_cy', sa.Text(), nullable=False),
    sa.Column('text_en', sa.Text(), nullable=False),
    sa.Column('owner', sa.String(length=200), nullable=False),
    sa.Column('priority', sa.String(length=10), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("priority IN ('high', 'medium', 'low')", name=op.f('ck_recommendation_priority_known')),
    sa.CheckConstraint("status IN ('proposed', 'agreed', 'in_progress', 'done', 'not_doing')", name=op.f('ck_recommendation_status_known')),
    sa.ForeignKeyConstraint(['finding_id'], ['finding.id'], name=op.f('fk_recommendation_finding_id_finding'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation'))
    )
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.create_index('ix_recommendation_finding_id', ['finding_id'], unique=False)

    op.create_table('session_log',
    sa.Column('research_session_id', sa.Integer(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['research_session_id'], ['research_session.id'], name=op.f('fk_session_log_research_session_id_research_session'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['staff_user.id'], name=op.f('fk_session_log_updated_by_id_staff_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_log')),
    sa.UniqueConstraint('research_session_id', name=op.f('uq_session_log_research_session_id'))
    )
    op.create_table('consent_reconfirmation',
    sa.Column('booking_id', sa.Integer(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['booking_id'], ['booking.id'], name=op.f('fk_consent_reconfirmation_booking_id_booking'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['staff_user.id'], name=op.f('fk_consent_reconfirmation_recorded_by_id_staff_user'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_consent_reconfirmation')),
    sa.UniqueConstraint('booking_id', name=op.f('uq_consent_reconfirmation_booking_id'))
    )
    op.create_table('evidence',
    sa.Column('finding_id', sa.Integer(), nullable=False),
    sa.Column('observation_id', sa.Integer(), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=False),
    sa.Column('linked_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['finding_id', 'project_id'], ['finding.id', 'finding.project_id'], name=op.f('fk_evidence_finding_id_finding'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['observation_id', 'project_id'], ['observation.id', 'observation.project_id'], name=op.f('fk_evidence_observation_id_observation'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('finding_id', 'observation_id', name=op.f('pk_evidence'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index('ix_evidence_observation_id', ['observation_id'], unique=False)

    op.create_table('observation_tag',
    sa.Column('observation_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['observation_id'], ['observation.id'], name=op.f('fk_observation_tag_observation_id_observation'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tag.id'], name=op.f('fk_observation_tag_tag_id_tag'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('observation_id', 'tag_id', name=op.f('pk_observation_tag'))
    )
    with op.batch_alter_table('observation_tag', schema=None) as batch_op:
        batch_op.create_index('ix_observation_tag_tag_id', ['tag_id'], unique=False)



def downgrade():
    with op.batch_alter_table('observation_tag', schema=None) as batch_op:
        batch_op.drop_index('ix_observation_tag_tag_id')

    op.drop_table('observation_tag')
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index('ix_evidence_observation_id')

    op.drop_table('evidence')
    op.drop_table('consent_reconfirmation')
    op.drop_table('session_log')
    with op.batch_alter_table('recommendation', schema=None) as batch_op:
        batch_op.drop_index('ix_recommendation_finding_id')

    op.drop_table('recommendation')
    with op.batch_alter_table('observation', schema=None) as batch_op:
        batch_op.drop_index('ix_observation_research_session_id')
        batch_op.drop_index('ix_observation_project_id')
        batch_op.drop_index('ix_observation_participant_id')

    op.drop_table('observation')
    op.drop_table('finding_standard')
    op.drop_table('finding_round')
    with op.batch_alter_table('finding', schema=None) as batch_op:
        batch_op.drop_index('ix_finding_project_id')

    op.drop_table('finding')
    op.drop_table('tag')
