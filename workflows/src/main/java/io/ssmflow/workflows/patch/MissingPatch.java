package io.ssmflow.workflows.patch;

/**
 * One patch an instance lacks (SSM DescribeInstancePatches, State Missing or Failed).
 *
 * @param id the patch id / KB id / package name
 * @param title a short title
 * @param classification e.g. Security, Bugfix
 * @param severity e.g. Critical, Important
 * @param state Missing or Failed
 */
public record MissingPatch(
    String id, String title, String classification, String severity, String state) {}
