/** A class that breaks a module rule on purpose, for {@code org.giggossip.node.arch.RulesCatchViolationsTest}. */
package org.giggossip.node.host.violation;
