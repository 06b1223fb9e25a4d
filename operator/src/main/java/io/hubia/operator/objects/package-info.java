/**
 * Helpers shared by the controllers for the Kubernetes objects they own: writing an object only
 * when its desired form changed, and reading what a Job and its pods report.
 */
package io.hubia.operator.objects;
