'use client';
import type { FormInstance } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { SESSION_EXPIRED_EVENT } from '../_lib/client-api';
import { clearDraft, loadDraft, saveDraft } from '../_lib/draft';

/**
 * Keeps an antd form's input in sessionStorage while the user types and puts it back on mount, so
 * a session that expires mid-form loses nothing. Pass `onValuesChange` to the Form; call `clear` after
 * a successful save or an explicit cancel.
 */
export function useDraft(form: FormInstance, key: string, owner: string) {
  const [restored, setRestored] = useState(false);
  const keyRef = useRef(key);
  keyRef.current = key;

  useEffect(() => {
    const draft = loadDraft(key, owner);
    if (draft) {
      form.setFieldsValue(draft);
      setRestored(true);
    }
    const flush = () => {
      if (form.isFieldsTouched()) saveDraft(keyRef.current, owner, form.getFieldsValue(true));
    };
    window.addEventListener(SESSION_EXPIRED_EVENT, flush);
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener(SESSION_EXPIRED_EVENT, flush);
      window.removeEventListener('pagehide', flush);
    };
  }, [form, key, owner]);

  const onValuesChange = useCallback(() => saveDraft(keyRef.current, owner, form.getFieldsValue(true)), [form, owner]);
  const clear = useCallback(() => {
    clearDraft(keyRef.current);
    setRestored(false);
  }, []);
  return { restored, onValuesChange, clear };
}
