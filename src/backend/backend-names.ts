import { IConstruct } from 'constructs';
import { fail } from '../internal/errors';
import { DNS_1035_LABEL_RE } from '../internal/names';

// Module-internal helpers of the backend module; not exported from the package.


/**
 * Checks that `name` can be a Service name (RFC 1035 label, at most 63 characters).
 * @internal
 */
export function checkServiceName(scope: IConstruct, name: string, what: string, fix: string): void {
  if (name.length > 63) {
    fail(scope, `${what} "${name}" is ${name.length} characters long, at most 63 are allowed; ${fix}`);
  }
  if (!DNS_1035_LABEL_RE.test(name)) {
    fail(scope, `${what} "${name}" is not a valid Service name (lowercase letters, digits and "-", starting with a letter); ${fix}`);
  }
}
