// The options page: server URL and token (with "test connection"), and the sites the overlay runs on.
import { effect } from '@preact/signals';
import { render } from 'preact';
import { browser } from 'wxt/browser';
import { OptionsView } from '../../components/options-view';
import { createServerClient } from '../../lib/server-client';
import { settingsItem } from '../../lib/storage-items';
import { createOptionsModel } from '../../models/options-model';

const model = createOptionsModel({
  load: () => settingsItem.getValue(),
  save: (s) => settingsItem.setValue(s),
  requestPermissions: (patterns) => browser.permissions.request({ origins: patterns }),
  hasPermission: (pattern) => browser.permissions.contains({ origins: [pattern] }),
  testConnection: (s) => createServerClient(s).testConnection(),
});

void model.load().then(() => {
  const app = document.getElementById('app')!;
  effect(() => {
    render(
      <OptionsView
        draft={model.draft.value}
        status={model.status.value}
        test={model.test.value}
        onEdit={(patch) => model.edit(patch)}
        onSave={() => void model.save()}
        onTest={() => void model.testConnection()}
      />,
      app,
    );
  });
});
