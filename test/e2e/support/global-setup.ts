import { makeDemoFixtures } from '../../../scripts/fixtures/make-demo-fixtures';

/** The demo's browser tests serve these generated models in place of the Hub's. */
export default function globalSetup() {
  makeDemoFixtures('test/fixtures/models');
}
