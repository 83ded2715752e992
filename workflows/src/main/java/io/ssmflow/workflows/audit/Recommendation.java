package io.ssmflow.workflows.audit;

/**
 * What to do about one finding type across the fleet.
 *
 * @param type the finding type
 * @param severity its highest severity
 * @param instances how many instances have it
 * @param text the advice
 */
public record Recommendation(String type, Severity severity, int instances, String text) {}
