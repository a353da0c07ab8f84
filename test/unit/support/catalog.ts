export { loadGpus, loadModels, rawModel } from '../../../scripts/lib/catalog';
