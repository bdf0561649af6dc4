import { useState } from 'react';
import { Text, View } from '@tarojs/components';
import { Button, Input } from '@nutui/nutui-react-taro';
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css';
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css';
import { goHome, loginWithPassword, loginWithWechat } from '../../services/auth';
import { errorMessage } from '../../services/request';
import './index.scss';

const IS_WEAPP = process.env.TARO_ENV === 'weapp';

function PasswordForm() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState('');

  const submit = async () => {
    if (submitting) return;
    const name = username.trim();
    if (!name || !password) {
      setError(!name ? '请输入用户名' : '请输入密码');
      return;
    }
    setSubmitting(true);
    setError('');
    try {
      const session = await loginWithPassword(name, password);
      goHome(session.user);
    } catch (err) {
      setError(errorMessage(err));
      setSubmitting(false);
    }
  };

  return (
    <View className='login-form'>
      <View className='login-form__field'>
        <Text className='login-form__label'>用户名</Text>
        <Input
          id='login-username'
          className='login-form__input'
          name='username'
          placeholder='请输入用户名'
          value={username}
          maxLength={64}
          clearable
          onChange={(value) => {
            setUsername(value);
            setError('');
          }}
        />
      </View>
      <View className='login-form__field'>
        <Text className='login-form__label'>密码</Text>
        <Input
          id='login-password'
          className='login-form__input'
          name='password'
          type='password'
          placeholder='请输入密码'
          value={password}
          maxLength={128}
          confirmType='go'
          onChange={(value) => {
            setPassword(value);
            setError('');
          }}
          onConfirm={submit}
        />
      </View>
      <View className='login-form__error' id='login-error'>
        {error ? <Text>{error}</Text> : null}
      </View>
      <Button id='login-submit' type='primary' size='large' block loading={submitting} onClick={submit}>
        登录
      </Button>
    </View>
  );
}

function WechatLogin({ onUsePassword }: { onUsePassword: () => void }) {
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState('');

  const login = async () => {
    if (submitting) return;
    setSubmitting(true);
    setError('');
    try {
      const session = await loginWithWechat();
      goHome(session.user);
    } catch (err) {
      setError(errorMessage(err));
      setSubmitting(false);
    }
  };

  return (
    <View className='login-form'>
      <Text className='login-form__hint'>使用当前微信账号登录，首次登录将自动关联账号</Text>
      <View className='login-form__error' id='login-error'>
        {error ? <Text>{error}</Text> : null}
      </View>
      <Button id='login-wechat' type='primary' size='large' block loading={submitting} onClick={login}>
        微信一键登录
      </Button>
      <View className='login-form__switch' onClick={onUsePassword}>
        <Text>员工使用账号密码登录</Text>
      </View>
    </View>
  );
}

export default function LoginPage() {
  // Taro.login has no code outside WeChat, so the h5 build always signs in with a password.
  const [usePassword, setUsePassword] = useState(!IS_WEAPP);

  return (
    <View className='ws-page login-page'>
      <View className='login-page__brand'>
        <View className='login-page__logo'>
          <Text className='login-page__logo-text'>W</Text>
        </View>
        <Text className='login-page__title'>WeSale 销售管理</Text>
        <Text className='login-page__subtitle'>客户、报价、订单与回款，一个小程序全搞定</Text>
      </View>
      <View className='login-page__card'>
        {IS_WEAPP && !usePassword ? <WechatLogin onUsePassword={() => setUsePassword(true)} /> : <PasswordForm />}
      </View>
      <Text className='login-page__footer'>员工账号由管理员开通；忘记密码请联系管理员</Text>
    </View>
  );
}
