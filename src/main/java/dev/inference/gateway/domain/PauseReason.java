package dev.inference.gateway.domain;

/** Why a rollout is paused: a person asked ({@code :pauseRollout}), or a zone failed under FAILURE_POLICY_PAUSE. */
public enum PauseReason {
    USER,
    FAILURE
}
