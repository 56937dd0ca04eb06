/**
 * Classes that break the module rules on purpose, in a package named like
 * {@code core}'s, for {@code org.giggossip.node.arch.RulesCatchViolationsTest}. Test
 * sources only: the rules over the build import main classes alone.
 */
package org.giggossip.core.violation;
