/**
 * Registers the models that no service imports yet, so that their indexes are built at
 * start-up with the others. A model leaves this list once its module's service uses it.
 */
import './scheduling/publication.model.js';
import './statistics/metric-snapshot.model.js';
