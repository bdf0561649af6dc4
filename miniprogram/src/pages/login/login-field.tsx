import type { ReactNode } from 'react';
import { Text, View } from '@tarojs/components';
import { Input } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';

export type LoginFieldType = 'text' | 'password' | 'tel' | 'number';

export interface LoginFieldProps {
  /** The e2e tests find the field by it. */
  id: string;
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  placeholder: string;
  maxLength: number;
  type?: LoginFieldType;
  clearable?: boolean;
  /** The keyboard's 前往 key submits the form. */
  onConfirm?: () => void;
  /** A control beside the input, e.g. 获取验证码. */
  action?: ReactNode;
  /** Notes under the input. */
  children?: ReactNode;
}

/** One labelled input of a login form. */
export function LoginField({ id, label, name, value, onChange, placeholder, maxLength, type = 'text', clearable = false, onConfirm, action, children }: LoginFieldProps) {
  const input = (
    <Input
      id={id}
      className={action ? 'login-form__input login-form__row-input' : 'login-form__input'}
      name={name}
      type={type}
      placeholder={placeholder}
      value={value}
      maxLength={maxLength}
      clearable={clearable}
      confirmType={onConfirm ? 'go' : 'done'}
      onChange={onChange}
      onConfirm={onConfirm}
    />
  );
  return (
    <View className='login-form__field'>
      <Text className='login-form__label'>{label}</Text>
      {action ? (
        <View className='login-form__input-row'>
          {input}
          {action}
        </View>
      ) : (
        input
      )}
      {children}
    </View>
  );
}
