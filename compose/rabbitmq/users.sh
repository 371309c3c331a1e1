#!/bin/sh
# One RabbitMQ user per service, each limited to the queues and exchanges it needs (docs/broker-security.md).
# Passwords come from the environment (GPO_RABBITMQ_<SERVICE>_PASSWORD); rerunning updates them.
# Names are MassTransit's: queues are kebab-case consumer names (score-batch), message exchanges are
# GpoPipeline.Contracts:<Message>, fault exchanges MassTransit:Fault--…, and every bus has a temporary *_bus_* queue.
set -eu
vhost=gpo
rabbitmqctl add_vhost "$vhost" 2>/dev/null || true
rabbitmqctl delete_user guest 2>/dev/null || true

C='GpoPipeline\.Contracts'
F='MassTransit:Fault.*'
BUS='.*_bus_.*'

user() { # name password configure write read
  rabbitmqctl add_user "$1" "$2" 2>/dev/null || rabbitmqctl change_password "$1" "$2"
  rabbitmqctl set_permissions -p "$vhost" "$1" "$3" "$4" "$5"
}

# Scoring: reads ScoreBatch work, publishes BatchScored replies. It cannot send work, start runs or touch other queues.
user scoring "${GPO_RABBITMQ_SCORING_PASSWORD:?}" \
  "^(score-batch(_error|_skipped)?|$C:(ScoreBatch|BatchScored)|$F|$BUS)$" \
  "^(score-batch(_error|_skipped)?|$C:BatchScored|$F|$BUS)$" \
  "^(score-batch|$C:ScoreBatch|$BUS)$"

# DirectionRetrieval: reads StepStarted, publishes DirectionRetrieved. It declares the direction-retrieved queue
# (configure + write on it, read on its exchange: WorkQueueDeclaration), so a DirectionRetrieved sent before
# prompt-generation first started waits there; it gets no read on that queue.
user direction-retrieval "${GPO_RABBITMQ_DIRECTION_RETRIEVAL_PASSWORD:?}" \
  "^(step-started(_error|_skipped)?|direction-retrieved|$C:(StepStarted|DirectionRetrieved)|$F|$BUS)$" \
  "^(step-started(_error|_skipped)?|direction-retrieved|$C:DirectionRetrieved|$F|$BUS)$" \
  "^(step-started|$C:(StepStarted|DirectionRetrieved)|$BUS)$"

# PromptGeneration: reads DirectionRetrieved, publishes CandidatesGenerated (it holds no budget: the scheduler reserves calls before dispatch).
user prompt-generation "${GPO_RABBITMQ_PROMPT_GENERATION_PASSWORD:?}" \
  "^(direction-retrieved(_error|_skipped)?|$C:(DirectionRetrieved|CandidatesGenerated)|$F|$BUS)$" \
  "^(direction-retrieved(_error|_skipped)?|$C:CandidatesGenerated|$F|$BUS)$" \
  "^(direction-retrieved|$C:DirectionRetrieved|$BUS)$"

# The scheduler drives runs: it reads the replies and run commands, publishes work and run events, reads faults.
# The scheduler and the API also declare the queues of the work they send (configure + write on the queue, read on
# the message exchange: WorkQueueDeclaration), so work sent before its worker first started waits in its queue; the
# scheduler declares every queue of a step's chain (direction-retrieved too: the scheduler starts before any step).
# They get no read on those queues: they cannot take the work.
user decay-scheduler "${GPO_RABBITMQ_SCHEDULER_PASSWORD:?}" \
  "^($C:.*|$F|$BUS|(start-run|cancel-run|resume-run|candidates-generated|batch-scored|run-fault)(_error|_skipped)?|step-started|direction-retrieved|score-batch)$" \
  "^($C:.*|$F|$BUS|(start-run|cancel-run|resume-run|candidates-generated|batch-scored|run-fault)(_error|_skipped)?|step-started|direction-retrieved|score-batch)$" \
  "^($C:.*|$F|$BUS|start-run|cancel-run|resume-run|candidates-generated|batch-scored|run-fault)$"

# The control plane (API): submits, cancels and resumes runs, follows their events, publishes champion changes.
user api "${GPO_RABBITMQ_API_PASSWORD:?}" \
  "^($C:.*|$F|$BUS|(run-progress|challenge-decider)[a-z0-9-]*(_error|_skipped)?|start-run|cancel-run|resume-run)$" \
  "^($C:(StartRun|CancelRun|ResumeRun|ChampionPromoted|ChampionDecisionRecorded)|$F|$BUS|(run-progress|challenge-decider)[a-z0-9-]*(_error|_skipped)?|start-run|cancel-run|resume-run)$" \
  "^($C:(RunCompleted|RunFailed|RunCancelled|StepStarted|StepCompleted|ChampionPromoted|ChampionDecisionRecorded|StartRun|CancelRun|ResumeRun)|$BUS|(run-progress|challenge-decider)[a-z0-9-]*)$"

# The operator: the management UI and HTTP API, nothing a service needs.
user admin "${GPO_RABBITMQ_ADMIN_PASSWORD:?}" ".*" ".*" ".*"
rabbitmqctl set_user_tags admin administrator
