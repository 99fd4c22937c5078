"""Indexes for "who took part" (issue 10, n of m): observation (phase_id, participant_id) and (study_id,
participant_id), so the distinct participants of a phase or a study are read from an index rather than every
observation's row (benchmarks/findings.py). Indexes only: nothing else changes.

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-30 10:50:00

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_observation_phase_id_participant_id', 'observation', ['phase_id', 'participant_id'])
    op.create_index('ix_observation_study_id_participant_id', 'observation', ['study_id', 'participant_id'])


def downgrade():
    op.drop_index('ix_observation_study_id_participant_id', table_name='observation')
    op.drop_index('ix_observation_phase_id_participant_id', table_name='observation')
