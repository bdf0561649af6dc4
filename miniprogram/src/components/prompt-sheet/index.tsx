import { useEffect, useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Popup, TextArea } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/popup/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/textarea/style/css';
import './index.scss';

export interface PromptSheetProps {
  visible: boolean;
  title: string;
  /** One line under the title: what happens on confirm. */
  description?: string;
  placeholder?: string;
  /** Confirm stays disabled until something is typed. */
  required?: boolean;
  /** false: a plain 确认/取消 sheet without a text box. */
  input?: boolean;
  maxLength?: number;
  confirmText?: string;
  danger?: boolean;
  className?: string;
  onCancel: () => void;
  /** Resolves to close the sheet; throws (after showing the error) to keep it open. */
  onConfirm: (value: string) => Promise<void>;
}

/** A bottom sheet asking for one piece of text: a lost reason, a release reason, an approval comment. */
export function PromptSheet({
  visible,
  title,
  description,
  placeholder = '',
  required = false,
  input = true,
  maxLength = 200,
  confirmText = '确定',
  danger = false,
  className = '',
  onCancel,
  onConfirm,
}: PromptSheetProps) {
  const [value, setValue] = useState('');
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (visible) setValue('');
  }, [visible]);

  const confirm = async () => {
    if (submitting || (required && !value.trim())) return;
    setSubmitting(true);
    try {
      await onConfirm(value.trim());
    } catch {
      // The caller showed the error; the sheet stays open for another try.
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Popup visible={visible} position='bottom' round title={title} closeable onClose={onCancel} className={`prompt-sheet ${className}`}>
      <View className='crm-sheet'>
        {description ? <Text className='prompt-sheet__description'>{description}</Text> : null}
        {input ? (
          <TextArea
            className='prompt-sheet__input'
            value={value}
            placeholder={placeholder}
            maxLength={maxLength}
            showCount
            rows={3}
            onChange={setValue}
          />
        ) : null}
        <View className='crm-sheet__actions'>
          <Button className='prompt-sheet__cancel' size='large' fill='outline' type='default' onClick={onCancel}>
            取消
          </Button>
          <Button
            className='prompt-sheet__confirm'
            size='large'
            type={danger ? 'danger' : 'primary'}
            loading={submitting}
            disabled={required && !value.trim()}
            onClick={confirm}
          >
            {confirmText}
          </Button>
        </View>
      </View>
    </Popup>
  );
}
